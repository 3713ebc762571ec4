"""Absolute links for mail: the site's base URL (QUICKLOOKS_BASE_URL) and a reversed path.

Never the request's Host header: a forged one must not end up in a
confirmation email.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    return settings.QUICKLOOKS_BASE_URL.rstrip("/") + path


def absolute_reverse(name: str, *args) -> str:
    return absolute(reverse(name, args=args))
