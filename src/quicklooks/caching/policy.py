"""What may be stored and shared: which requests, which pages, which responses.

A request is *anonymous* when it carries none of the personal cookies (the
session cookie, the messages cookie): nothing the page could show about a
person can exist without one. Such a request for a cacheable page gets the
shared copy. A request with a session gets a fresh render marked
``private``, and its page is never stored, so one reader's name can never
reach another reader.

Pages are cacheable by URL name, with shell-style patterns so that apps can
add feeds and topic pages without touching this list.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from functools import lru_cache

from django.conf import settings
from django.urls import Resolver404, resolve

DEFAULT_VIEWS = (
    "stories:home",
    "stories:story",
    "stories:section",
    "stories:show",
    "stories:show-edition",
    "stories:author",
    "stories:tag",
    "topics:list",
    "topics:topic",
    "facts:person",
    "facts:place",
    "*feed*",
    "*sitemap*",
)
STORABLE_TYPES = (
    "text/html",
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/xml",
    "text/xml",
)


def enabled() -> bool:
    return page_seconds() > 0


def page_seconds() -> int:
    return int(getattr(settings, "QUICKLOOKS_PAGE_CACHE_SECONDS", 600))


@lru_cache(maxsize=1)
def personal_cookies() -> tuple[str, ...]:
    names = [settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGES_COOKIE_NAME", "messages")]
    names += list(getattr(settings, "QUICKLOOKS_PERSONAL_COOKIES", ()))
    return tuple(dict.fromkeys(names))


@lru_cache(maxsize=1)
def _view_patterns() -> tuple[str, ...]:
    return tuple(getattr(settings, "QUICKLOOKS_PAGE_CACHE_VIEWS", DEFAULT_VIEWS))


@lru_cache(maxsize=512)
def is_cacheable_view(view_name: str) -> bool:
    return any(fnmatchcase(view_name, pattern) for pattern in _view_patterns())


def settings_changed(setting: str) -> None:
    if setting in ("QUICKLOOKS_PAGE_CACHE_VIEWS", "ROOT_URLCONF"):
        _view_patterns.cache_clear()
        is_cacheable_view.cache_clear()
    if setting in ("SESSION_COOKIE_NAME", "QUICKLOOKS_PERSONAL_COOKIES", "MESSAGES_COOKIE_NAME"):
        personal_cookies.cache_clear()


def is_personal(request) -> bool:
    # An htmx request may get a fragment at a page's URL: never shared, never stored.
    if request.headers.get("HX-Request"):
        return True
    cookies = request.COOKIES
    return any(name in cookies for name in personal_cookies())


def page_view(request) -> bool:
    """True when the request is for one of the cacheable pages."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return bool(match.view_name) and is_cacheable_view(match.view_name)


def is_storable(request, response) -> bool:
    """True when ``response`` is the same for every anonymous reader and may be shared."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies:
        # Setting a cookie (a CSRF token, a session) makes the page personal.
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    content_type = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
    return content_type in STORABLE_TYPES
