"""Template helpers for reader accounts: sign-in links that keep ``next``, and email wording."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

register = template.Library()

_AUTH_PAGES = ("account_login", "account_signup")


def _auth_paths() -> set[str]:
    return {reverse(name) for name in _AUTH_PAGES}


def return_to(request) -> str:
    """Where a reader should land after signing in or up from this page; "" for nowhere.

    On the login and signup pages themselves that is their own ``next``, never
    the page: so moving between the two keeps the original destination rather
    than nesting ``/accounts/login/?next=/accounts/signup/?next=...``. Links
    already nested that way are unwrapped.
    """
    auth_paths = _auth_paths()
    candidate = request.GET.get("next", "") if request.path in auth_paths else request.get_full_path()
    for _ in range(10):
        if not candidate or not url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
            return ""
        parts = urlsplit(candidate)
        if parts.path not in auth_paths:
            return candidate
        candidate = parse_qs(parts.query).get("next", [""])[0]
    return ""


@register.simple_tag(takes_context=True)
def auth_next(context) -> str:
    request = context.get("request")
    return return_to(request) if request is not None else ""


@register.simple_tag
def site_title() -> str:
    """The outlet's name (QUICKLOOKS_SITE_NAME), also where no request is at hand, as in emails."""
    return settings.QUICKLOOKS_SITE_NAME


@register.simple_tag
def reader_name(user) -> str:
    """A reader's display name, never their username or email."""
    from quicklooks.accounts.models import public_name

    return public_name(user) if user is not None and getattr(user, "pk", None) else ""
