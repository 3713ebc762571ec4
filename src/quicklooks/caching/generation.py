"""The content generations: tokens that change whenever published content does.

There are two, kept side by side in the cache:

- the **page** token changes with every change a page shows, comments
  included. Whole pages and the comments panel are stored under it.
- the **content** token changes with every change *except* comments. Story
  panels that show no comments (facts, related stories, metadata, topics,
  corrections) are stored under it, so an approved comment re-renders the
  comments panel and reuses the rest (``quicklooks.caching.fragments``).

A full bump replaces both; a comment bump replaces only the page token.

A token is ``<nanoseconds>-<random>``. It is replaced, never incremented, so
bumping needs no atomic counter and works the same on Redis, the local-memory
cache and the file cache. Two bumps can never produce the same token, and a
token lost with the cache (Redis restarted, key evicted) is simply replaced
by a new one that nothing stored uses: the worst a lost token costs is one
render per page or panel.

Why a replaced token is enough: a change commits first and bumps after, and
a render reads the tokens before it reads the database. A render that read
the current tokens therefore saw every change whose bump came before it, and
a render that raced a change stored its page (and panels) under a token that
is already gone. The same holds for the page files nginx serves (see
``page_files``).
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from django.core.cache import cache
from django.dispatch import Signal

generation_changed = Signal()
"""Sent by ``bump`` once the new tokens are stored (``comments_only`` with it).

The page files listen (``CachingConfig.ready``), so this module, which the
rest of the cache imports, imports none of it back.
"""

KEY = "quicklooks:generation"
CONTENT_KEY = "quicklooks:generation:content"


@dataclass(frozen=True)
class Tokens:
    page: str  # every change a page shows
    content: str  # every change but comments


def _new_token() -> str:
    return f"{time.time_ns()}-{secrets.token_hex(6)}"


# A bump whose tokens could not be stored (the cache was unreachable): pages
# and panels cached before it might outlive the outage, so store new tokens
# as soon as the cache answers again.
_unsaved_bump = False


def tokens() -> Tokens:
    """Both tokens, in one cache read; makes any the cache has lost."""
    global _unsaved_bump
    if _unsaved_bump and _store({KEY: _new_token(), CONTENT_KEY: _new_token()}):
        _unsaved_bump = False
    found = cache.get_many([KEY, CONTENT_KEY])
    missing = [key for key in (KEY, CONTENT_KEY) if key not in found]
    for key in missing:
        # add(): when several processes find a token missing at once, the
        # first one's wins and the others read it back.
        cache.add(key, _new_token(), timeout=None)
    if missing:
        found.update(cache.get_many(missing))
    return Tokens(page=found.get(KEY) or _new_token(), content=found.get(CONTENT_KEY) or _new_token())


def current() -> str:
    """The page token: what whole pages are stored under now."""
    return tokens().page


def changed_at(token: str) -> datetime:
    """When ``token`` was made: a page's Last-Modified can be no later than this."""
    try:
        nanoseconds = int(token.split("-", 1)[0])
    except ValueError:
        nanoseconds = time.time_ns()
    return datetime.fromtimestamp(nanoseconds // 1_000_000_000, tz=timezone.utc)


def bump(*, comments_only: bool = False) -> str:
    """Replace the tokens, and the page files nginx serves with them. Returns the new page token.

    ``comments_only``: only comments changed, so panels that show no
    comments stay cached (the content token is kept).
    """
    global _unsaved_bump
    token = _new_token()
    new = {KEY: token} if comments_only else {KEY: token, CONTENT_KEY: _new_token()}
    if not _store(new):
        _unsaved_bump = True
    generation_changed.send(sender=bump, comments_only=comments_only)
    return token


def _store(new: dict[str, str]) -> bool:
    """Set the tokens; False when the cache did not keep them (unreachable)."""
    cache.set_many(new, timeout=None)
    return len(cache.get_many(list(new))) == len(new)
