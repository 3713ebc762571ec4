"""The content generation: one token that changes whenever published content does.

The token is ``<nanoseconds>-<random>``. It is replaced, never incremented, so
bumping needs no atomic counter and works the same on Redis, the local-memory
cache and the file cache. Two bumps can never produce the same token, and a
token lost with the cache (Redis restarted, key evicted) is simply replaced
by a new one that no stored page uses: the worst a lost token costs is one
render per page.

Why a replaced token is enough: a change commits first and bumps after, and
a render reads the token before it reads the database. A render that read the
current token therefore saw every change whose bump came before it, and a
render that raced a change stored its page under a token that is already
gone. The same holds for the page files nginx serves (see ``page_files``).
"""

from __future__ import annotations

import secrets
import time
from datetime import datetime, timezone

from django.core.cache import cache

KEY = "quicklooks:generation"


def _new_token() -> str:
    return f"{time.time_ns()}-{secrets.token_hex(6)}"


# A bump whose token could not be stored (the cache was unreachable): pages
# cached before it might outlive the outage, so store a new token as soon
# as the cache answers again.
_unsaved_bump = False


def current() -> str:
    """The token pages are stored under now; makes one when the cache has none."""
    global _unsaved_bump
    if _unsaved_bump and _store(_new_token()):
        _unsaved_bump = False
    token = cache.get(KEY)
    if token is None:
        # add(): when several processes find the token missing at once, the
        # first one's wins and the others read it back.
        cache.add(KEY, _new_token(), timeout=None)
        token = cache.get(KEY) or _new_token()
    return token


def changed_at(token: str) -> datetime:
    """When ``token`` was made: a page's Last-Modified can be no later than this."""
    try:
        nanoseconds = int(token.split("-", 1)[0])
    except ValueError:
        nanoseconds = time.time_ns()
    return datetime.fromtimestamp(nanoseconds // 1_000_000_000, tz=timezone.utc)


def bump() -> str:
    """Replace the token, and the page files nginx serves with it. Returns the new token."""
    from quicklooks.caching import page_files

    global _unsaved_bump
    token = _new_token()
    if not _store(token):
        _unsaved_bump = True
    page_files.bump()
    return token


def _store(token: str) -> bool:
    """Set the token; False when the cache did not keep it (unreachable)."""
    cache.set(KEY, token, timeout=None)
    return cache.get(KEY) is not None
