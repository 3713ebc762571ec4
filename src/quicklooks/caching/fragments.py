"""Parts of a page cached on their own, so a change re-renders only the parts it touched.

A whole page is re-rendered after every change it shows, and on a breaking
story most changes are approved comments. The story page's panels (facts,
related stories, metadata, topics, corrections) show no comments, so they
are stored under the *content* token, which comments do not change (see
``generation``): an approved comment re-renders the comments panel and
takes every other panel from the cache. A signed-in reader's page, which is
never stored whole, takes those panels from the same cache.

Two kinds of fragment, chosen by whoever renders it:

- **shared**: the same for every reader, so it is rendered from content
  alone (never the request, the reader or a CSRF token: see
  ``quicklooks.stories.panels``) and used for anonymous and signed-in
  readers alike; stored under the content token.
- **anonymous**: differs per reader (forms, buttons), so only anonymous
  readers share a copy; stored under the page token, which every change
  replaces, and only when the render did not ask for a CSRF token.

Fragments go to the same cache as pages (``store.pages()``) and live no
longer than a page would. The page cache middleware reads the tokens before
the view reads the database and hands them to the view as
``request.page_fragments`` (a :class:`Fragments`); without it (page cache
off, a view that is not a cached page) nothing is cached, and every part is
rendered as usual.
"""

from __future__ import annotations

import hashlib

from quicklooks.caching import store
from quicklooks.caching.generation import Tokens

SHARED = "shared"
ANONYMOUS = "anonymous"


class Fragments:
    """The fragment cache as one request sees it: its tokens, and whether the reader is anonymous."""

    def __init__(self, tokens: Tokens, *, anonymous: bool):
        self.tokens = tokens
        self.anonymous = anonymous
        self._lifetime: int | None = None

    def key(self, kind: str, name: str, *parts: object) -> str | None:
        """Where fragment ``name`` of this kind is kept; None when this reader must get a fresh one."""
        if kind == SHARED:
            token = self.tokens.content
        elif kind == ANONYMOUS and self.anonymous:
            token = self.tokens.page
        else:
            return None
        # Parts may come from the query string: hashed, so any value makes a short, safe key.
        varying = hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
        return f"quicklooks:fragment:{kind}:{token}:{name}:{varying}"

    def lifetime(self) -> int:
        if self._lifetime is None:
            self._lifetime = store.lifetime(self.tokens.content)
        return self._lifetime

    def get_many(self, keys: list[str]) -> dict[str, str]:
        return store.pages().get_many(keys) if keys and self.lifetime() else {}

    def set_many(self, fragments: dict[str, str]) -> None:
        if fragments and self.lifetime():
            store.pages().set_many(fragments, timeout=self.lifetime())

    def cache_tag(self) -> dict | None:
        """Arguments for Django's ``{% cache %}`` tag inside an anonymous fragment; None unless the reader is anonymous.

        For parts of an anonymous fragment that outlive it, such as one
        comment among many: ``{% cache t.seconds name <everything the part
        shows> t.token using=t.using %}``. The part must vary on every value
        it shows, since no token changes when those do; ``token`` (the
        content token) covers settings such as the time zone.
        """
        if not self.anonymous or not self.lifetime():
            return None
        return {"seconds": self.lifetime(), "using": store.alias(), "token": self.tokens.content}

    @staticmethod
    def csrf_token_used(request) -> bool:
        """Whether anything rendered for ``request`` so far asked for its CSRF token, which is personal.

        Django's ``get_token`` sets this flag so the response renews the
        cookie; a fragment rendered while it is set is never stored.
        """
        return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
