// htmx 2 does not swap 4xx and 5xx answers, so a refused comment, reply or
// reaction would fail without a word. The comment views mark the fragments
// that explain a refusal (views.REFUSAL_HEADER); only those are swapped in.
document.addEventListener("htmx:beforeSwap", function (event) {
  var xhr = event.detail.xhr;
  if (xhr.status >= 400 && xhr.getResponseHeader("X-Comment-Refusal") === "swap") {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
