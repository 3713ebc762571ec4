"""The page cache in front of the views, and the validators browsers and CDNs use.

Sits just after SecurityMiddleware and WhiteNoise, so a hit skips sessions,
authentication and the view entirely: a hit is two cache reads (the
generation, then the page) and no database query.

Every cacheable page gets an ETag (a hash of its bytes), Last-Modified (when
the content generation last changed) and Cache-Control: anonymous copies are
``public`` with ``max-age=0`` so browsers revalidate each time and get a
cheap 304, and ``s-maxage`` lets a CDN hold a copy for
``QUICKLOOKS_CDN_MAX_AGE`` seconds (0 by default: the CDN revalidates too).
Personal renders are ``private, no-cache`` and never stored anywhere.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from quicklooks import replicas
from quicklooks.caching import fragments, generation, page_files, policy, releases, stitching, store

log = logging.getLogger(__name__)

HIT_HEADER = "X-Page-Cache"
# How often a request waiting for another's render of the same page looks for it.
RENDER_POLL_SECONDS = 0.01


@dataclass(frozen=True)
class StoredPage:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def response(self, request) -> HttpResponse:
        response = HttpResponse(b"" if request.method == "HEAD" else self.body, status=self.status)
        for name, value in self.headers:
            response[name] = value
        if request.method == "HEAD":
            response["Content-Length"] = str(len(self.body))
        return response


def _address(request) -> str:
    scheme = "https" if request.is_secure() else "http"
    return f"{scheme}:{request.get_host()}:{request.get_full_path()}"


def _validators(response, token: str, body: bytes, *, shared: bool) -> None:
    response["ETag"] = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    response["Last-Modified"] = http_date(generation.changed_at(token).timestamp())
    if shared:
        cdn_seconds = int(getattr(settings, "QUICKLOOKS_CDN_MAX_AGE", 0))
        patch_cache_control(response, public=True, max_age=0, s_maxage=cdn_seconds, must_revalidate=True)
    patch_vary_headers(response, ("Cookie",))


def _wait_for_render(token: str, address: str) -> StoredPage | None:
    """The page another request is rendering, once it is stored; None when it was not stored.

    Polls, since the cache cannot notify: a render takes tens of
    milliseconds, and a waiting request costs nothing but its thread.
    """
    pages = store.pages()
    page, lock = store.page_key(token, address), store.lock_key(token, address)
    deadline = time.monotonic() + store.RENDER_LOCK_SECONDS
    while time.monotonic() < deadline:
        time.sleep(RENDER_POLL_SECONDS)
        found = pages.get_many([page, lock])
        if page in found:
            return found[page]
        if lock not in found:
            return None  # rendered but not storable (a 404, a personal page): render it here
    return None


def _conditional(request, response) -> HttpResponse:
    conditional = get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )
    return conditional or response


def _without_personal_cookies(request):
    """A copy of ``request`` that carries none of the personal cookies: what an anonymous reader would send."""
    import copy
    from http.cookies import SimpleCookie

    shared = copy.copy(request)
    shared.META = dict(request.META)
    personal = set(policy.personal_cookies())
    shared.COOKIES = {name: value for name, value in request.COOKIES.items() if name not in personal}
    jar = SimpleCookie()
    for name, value in shared.COOKIES.items():
        jar[name] = value
    shared.META["HTTP_COOKIE"] = jar.output(header="", sep=";").strip()
    # The reader's browser may hold an anonymous copy from before they signed
    # in: a 304 would show it to them again.
    for header in (stitching.SSI_META, "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE"):
        shared.META.pop(header, None)
    return shared


def _new_reader_version(request, response):
    """After a reader's form post, a new ``readers.VERSION_COOKIE``: nginx keys their fragments on it.

    So what the post changed for them (their comment, their reaction, their
    settings) is in their very next page, not a few seconds later.
    """
    if policy.is_personal(request) and response.status_code < 400:
        import secrets

        from quicklooks.caching import readers

        response.set_cookie(readers.VERSION_COOKIE, secrets.token_hex(4), httponly=True, samesite="Lax",
                            secure=request.is_secure())
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return _new_reader_version(request, self.get_response(request))
        if not policy.enabled() or not policy.page_view(request):
            return self.get_response(request)
        # What renders here may be stored and shared: never from a replica
        # that could be behind the generation (quicklooks.replicas).
        with replicas.primary_reads():
            if request.headers.get("HX-Request"):
                return self._personal(request)
            if policy.is_personal(request):
                return self._reader(request)
            return self._anonymous(request)

    def _reader(self, request):
        """A reader with a session or messages: the shared page, with their own parts stitched in.

        The shared page is the one anonymous readers get, rendered (if it is
        not stored yet) from a copy of the request without the personal
        cookies, so the view cannot see who asked. When nginx will run the
        SSI commands itself (it says so in ``stitching.SSI_HEADER``) the
        page goes back with them; otherwise each include point is rendered
        here, through the rest of the middleware, as its own request.
        """
        response = self._anonymous(_without_personal_cookies(request))
        if getattr(response, "streaming", False) or not response.get("Content-Type", "").startswith("text/html"):
            patch_cache_control(response, private=True, no_cache=True)
            return response
        body = response.content
        # nginx sends a request that carries a messages cookie here without
        # the header, so the flash messages (and the cookie that clears them)
        # are stitched in-process; with the header, nginx does the rest.
        nginx_does_ssi = request.META.get(stitching.SSI_META) == "1"
        if stitching.has_points(body) and not nginx_does_ssi:
            cookies = []

            def render(url: str) -> str | None:
                part = self._fragment(request, url)
                if part is None:
                    return None
                cookies.append(part.cookies)
                return part.content.decode(part.charset or "utf-8")

            stitched = stitching.stitch(body.decode(response.charset or "utf-8"), render)
            encoded = stitched.encode(response.charset or "utf-8")
            response.content = b"" if request.method == "HEAD" else encoded
            # The stored page's length was set before stitching (CommonMiddleware, or HEAD's own).
            response["Content-Length"] = str(len(encoded))
            for jar in cookies:
                for name, morsel in jar.items():
                    response.cookies[name] = morsel
        # Personal now: no validators a shared cache could reuse, and never stored.
        for name in ("ETag", "Last-Modified"):
            if name in response:
                del response[name]
        response[HIT_HEADER] = response.get(HIT_HEADER, "miss") + "+reader"
        del response["Cache-Control"]
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ("Cookie",))
        return response

    def _fragment(self, request, url: str):
        """The fragment at ``url`` rendered for ``request``'s reader; None when it failed."""
        from io import BytesIO

        from django.core.handlers.wsgi import WSGIRequest

        path, _, query = url.partition("?")
        environ = {key: value for key, value in request.META.items() if key.isupper() or key.startswith("wsgi.")}
        environ.update(PATH_INFO=path, SCRIPT_NAME="", QUERY_STRING=query, REQUEST_METHOD="GET", CONTENT_LENGTH="0")
        environ["wsgi.input"] = BytesIO(b"")
        environ.pop(stitching.SSI_META, None)
        try:
            part = self.get_response(WSGIRequest(environ))
        except Exception:  # a fragment must never take the page down with it
            log.exception("reader fragment %s failed", url)
            return None
        if part.status_code != 200 or getattr(part, "streaming", False):
            log.warning("reader fragment %s answered %s: the page shows its anonymous version", url, part.status_code)
            return None
        return part

    def _personal(self, request):
        # Never stored whole, but the panels that are the same for everyone
        # come from the fragment cache (quicklooks.caching.fragments).
        request.page_fragments = fragments.Fragments(generation.tokens(), anonymous=False)
        response = self.get_response(request)
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ("Cookie",))
        return response

    def _anonymous(self, request):
        # The tokens and the page-file directory are read before the view
        # reads the database: see quicklooks.caching.generation.
        tokens = generation.tokens()
        token = tokens.page
        request.page_fragments = fragments.Fragments(tokens, anonymous=True)
        # Rendered for everyone: personal parts become include points (stitching).
        request.shared_page = True
        address = _address(request)
        pages = store.pages()
        stored = pages.get(store.page_key(token, address))
        if stored is not None:
            return self._from_store(request, stored, "hit")
        if not store.take_render_lock(token, address):
            # Someone is rendering this page for this generation right now.
            previous = pages.get(store.latest_key(address))
            if previous is not None:
                return self._from_store(request, previous, "stale")
            # Nothing to fall back on (a cold cache, a restarted Redis): wait
            # for that render instead of rendering the same page again, so a
            # crowd arriving at once costs one render.
            stored = _wait_for_render(token, address)
            if stored is not None:
                return self._from_store(request, stored, "hit")
            return self._render(request, tokens, address)
        try:
            return self._render(request, tokens, address)
        finally:
            store.release_render_lock(token, address)

    def _from_store(self, request, stored, how: str):
        response = stored.response(request)
        response[HIT_HEADER] = how
        return _conditional(request, response)

    def _render(self, request, tokens: generation.Tokens, address: str):
        token = tokens.page
        pages = store.pages()
        files_dir = page_files.live_directory() if request.method == "GET" and not request.GET else None
        response = self.get_response(request)
        if not policy.is_storable(request, response):
            if request.method == "GET":
                pages.delete(store.latest_key(address))
            return response
        body = response.content
        _validators(response, token, body, shared=True)
        response[HIT_HEADER] = "miss"
        timeout = store.lifetime(tokens.content)
        if timeout:
            headers = tuple((name, value) for name, value in response.items() if name != HIT_HEADER)
            entry = StoredPage(response.status_code, headers, body)
            pages.set_many({store.page_key(token, address): entry, store.latest_key(address): entry}, timeout=timeout)
        else:
            pages.delete(store.latest_key(address))
        pending_release = releases.seconds_until_next(tokens.content) is not None
        if files_dir is not None and not pending_release and response["Content-Type"].startswith("text/html"):
            page_files.write(files_dir, request.path, body)
        return _conditional(request, response)
