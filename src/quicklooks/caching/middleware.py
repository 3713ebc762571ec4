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
import time
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from quicklooks import replicas
from quicklooks.caching import fragments, generation, page_files, policy, releases, store

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


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not policy.enabled() or not policy.page_view(request):
            return self.get_response(request)
        # What renders here may be stored and shared: never from a replica
        # that could be behind the generation (quicklooks.replicas).
        with replicas.primary_reads():
            if policy.is_personal(request):
                return self._personal(request)
            return self._anonymous(request)

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
            return self._render(request, token, address)
        try:
            return self._render(request, token, address)
        finally:
            store.release_render_lock(token, address)

    def _from_store(self, request, stored, how: str):
        response = stored.response(request)
        response[HIT_HEADER] = how
        return _conditional(request, response)

    def _render(self, request, token: str, address: str):
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
        timeout = store.lifetime(token)
        if timeout:
            headers = tuple((name, value) for name, value in response.items() if name != HIT_HEADER)
            entry = StoredPage(response.status_code, headers, body)
            pages.set_many({store.page_key(token, address): entry, store.latest_key(address): entry}, timeout=timeout)
        else:
            pages.delete(store.latest_key(address))
        pending_release = releases.seconds_until_next(token) is not None
        if files_dir is not None and not pending_release and response["Content-Type"].startswith("text/html"):
            page_files.write(files_dir, request.path, body)
        return _conditional(request, response)
