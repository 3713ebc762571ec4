"""Outgoing mail from one ``EMAIL_URL``.

``dj-email-url`` reads the URL; quicklooks adds the spellings its docs use:
``smtp+tls://`` (STARTTLS, port 587 by default) and ``smtp+ssl://`` (TLS
from the first byte, port 465 by default). Without ``EMAIL_URL`` mail goes
to files in the data directory, so a laptop needs no mail server.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_email_url
from django.core.exceptions import ImproperlyConfigured

# Our spelling -> (dj-email-url's scheme, query it needs, default port)
_ALIASES = {
    "smtp+tls": ("submission", "", 587),
    "smtp+starttls": ("submission", "", 587),
    "smtp+ssl": ("smtp", "ssl=1", 465),
    "smtps": ("smtp", "ssl=1", 465),
}
_SCHEMES = set(dj_email_url.SCHEMES) | set(_ALIASES)


def email_settings(url: str, *, default_file_path: Path) -> dict:
    """EMAIL_* settings for ``url``; an empty one means files in ``default_file_path``."""
    url = (url or "").strip()
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": default_file_path}
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme {parts.scheme!r} is not one quicklooks knows. "
            "Use smtp://user:password@host:25, smtp+tls://user:password@host:587 (STARTTLS), "
            "smtp+ssl://user:password@host:465 or file:///path/to/folder."
        )
    if scheme in _ALIASES:
        real, query, port = _ALIASES[scheme]
        netloc = parts.netloc if parts.port else f"{parts.netloc}:{port}"
        query = "&".join(item for item in (parts.query, query) if item)
        url = urlunsplit((real, netloc, parts.path, query, parts.fragment))
    try:
        found = dj_email_url.parse(url)
    except ValueError as error:
        raise ImproperlyConfigured(f"EMAIL_URL cannot be read ({error}); it should look like smtp+tls://user:password@host:587.") from None
    if found.get("EMAIL_BACKEND", "").endswith("filebased.EmailBackend"):
        found["EMAIL_FILE_PATH"] = "/" + found["EMAIL_FILE_PATH"] if found.get("EMAIL_FILE_PATH") else default_file_path
    else:
        found.pop("EMAIL_FILE_PATH", None)
    # dj-email-url gives None for an absent user; Django wants strings.
    found["EMAIL_HOST_USER"] = found.get("EMAIL_HOST_USER") or ""
    found["EMAIL_HOST_PASSWORD"] = found.get("EMAIL_HOST_PASSWORD") or ""
    return {key: value for key, value in found.items() if value is not None}
