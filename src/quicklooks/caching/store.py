"""Where cached pages live, and rendering each page once however many readers ask at once.

Pages go to the cache alias ``QUICKLOOKS_PAGE_CACHE_ALIAS`` (``default``
unless settings say otherwise; production without Redis keeps them in each
worker's memory, since the generation token, which must be shared, is
all that has to be in the shared cache).

Right after a change every reader misses at once. Rather than render the
page fifty times in parallel, the first request takes a short lock and
renders; requests that arrive while it does get the previous copy of the
page, marked ``X-Page-Cache: stale``. That copy is at most one render
older than the change, the same as if those readers had come a moment
earlier. With no previous copy (a cold cache) they wait for that render
instead and get its copy. If the page stops being storable (the story was
unpublished) the previous copy is dropped, and waiting requests render it
themselves.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches

RENDER_LOCK_SECONDS = 10


def alias() -> str:
    return getattr(settings, "QUICKLOOKS_PAGE_CACHE_ALIAS", "default")


def pages():
    return caches[alias()]


def lifetime(content_token: str) -> int:
    """Seconds a page or fragment stored now may live (``content_token``: the current one); 0: do not store it.

    Never past the next scheduled story (see ``releases``): nothing is saved
    when it goes out, so nothing else would make the copy stale.
    """
    from quicklooks.caching import policy, releases

    seconds = float(policy.page_seconds())
    until_release = releases.seconds_until_next(content_token)
    if until_release is not None:
        seconds = min(seconds, until_release)
    return int(seconds) if seconds >= 1 else 0


def page_key(token: str, address: str) -> str:
    return f"quicklooks:page:{token}:{address}"


def latest_key(address: str) -> str:
    return f"quicklooks:latest:{address}"


def lock_key(token: str, address: str) -> str:
    return f"quicklooks:rendering:{token}:{address}"


def take_render_lock(token: str, address: str) -> bool:
    return pages().add(lock_key(token, address), 1, timeout=RENDER_LOCK_SECONDS)


def release_render_lock(token: str, address: str) -> None:
    pages().delete(lock_key(token, address))
