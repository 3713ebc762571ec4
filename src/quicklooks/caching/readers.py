"""The per-reader fragment endpoint: the parts of a shared page that are each reader's own.

``/_reader/<part>/?page=<path>&g=<token>`` renders one part (the account
menu, flash messages) for whoever sends the request, from the same template
the shared page holds the anonymous version of. Other apps serve their own
parts at their own URLs (the comments app: the comment form and the
reader's own comments) and mark the response with :func:`personal`.

A reader whose session expired between the page and the fragment is simply
anonymous here: they get the anonymous version, never an error.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

PARTS = {
    "account": "quicklooks/account_links.html",
    "messages": "quicklooks/messages.html",
}
# How long nginx may keep one reader's fragment for one version of a page
# (the content token is in the URL, so an edit is a new URL). What it can
# miss meanwhile: a change to the reader alone (an email address verified
# in another tab) or to their own comments (a moderator's approval); their
# own post is shown at once, since its redirect carries a flash message and
# is stitched by the app.
DEFAULT_NGINX_SECONDS = 5
# Replaced after each of the reader's form posts (the page cache middleware),
# and part of nginx's key for their fragments: what they just did shows at once.
VERSION_COOKIE = "qlv"


def page_path(request) -> str:
    """The page the fragment is for, when it is a path on this site; "" otherwise."""
    page = request.GET.get("page", "")
    if not page.startswith("/") or not url_has_allowed_host_and_scheme(page, allowed_hosts={request.get_host()}):
        return ""
    return page


def personal(request, response):
    """Mark ``response`` as one reader's own: never stored by a browser or a shared cache.

    nginx may keep it for that reader alone, keyed by their session and CSRF
    cookies (``X-Accel-Expires``, which nginx reads and never forwards),
    when they are signed in and already hold a CSRF cookie, so the token
    in its forms stays valid for as long as the copy lives.
    """
    patch_cache_control(response, private=True, no_cache=True, no_store=True)
    patch_vary_headers(response, ("Cookie",))
    seconds = int(getattr(settings, "QUICKLOOKS_READER_FRAGMENT_SECONDS", DEFAULT_NGINX_SECONDS))
    signed_in = getattr(request, "user", None) is not None and request.user.is_authenticated
    keeps_token = bool(request.COOKIES.get(settings.CSRF_COOKIE_NAME))
    response["X-Accel-Expires"] = str(seconds if signed_in and keeps_token else 0)
    return response


def fragment(request, part: str):
    template = PARTS.get(part)
    if template is None:
        raise Http404(f"No reader fragment {part!r}; there are: {', '.join(PARTS)}.")
    # Links to log in come back to the page, never to this endpoint. Only
    # cacheable pages have include points, and none of them is a login page,
    # so the page itself is where to return.
    return personal(request, render(request, template, {"next_url": page_path(request)}))
