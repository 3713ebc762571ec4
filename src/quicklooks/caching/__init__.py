"""Whole-page caching for anonymous readers, and the HTTP validators that go with it.

During breaking news most readers are anonymous and read the same few pages,
so every reader without a session gets the same stored copy of a page, and
anyone with a session gets a fresh render that is never stored or shared.

Correctness rests on one *content generation*: an opaque token kept in the
Django cache and part of every page key. Any committed change to content a
page shows (a story, its Quick Looks, its blocks, a section, a visible
comment) replaces the token, so every page is re-rendered on its next
request. Nothing has to work out which pages a change touched, and a render
that raced a change is stored under the old token, where nobody looks.

Story panels are also cached one by one (``fragments``), under a second
token that comments do not change, so an approved comment re-renders only
the comments panel (see ``generation``).

Apps whose models the generation does not watch call :func:`invalidate`
after their change commits (see ``quicklooks.caching.watching``).
"""

from __future__ import annotations


def invalidate() -> None:
    """Make every cached page stale: call after a change that pages show has committed."""
    from quicklooks.caching.generation import bump

    bump()
