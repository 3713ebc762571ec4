"""The security headers every response carries, in one place for the app and for nginx.

The app sends the Content-Security-Policy through django-csp and the
Permissions-Policy through :class:`PermissionsPolicyMiddleware`; nginx sends
the very same values on the page files and static files it serves itself
(``quicklooks.deploy.nginx``), so a page reads the same whoever answers it.

The policy is strict: scripts and styles only from the site's own static
files, no inline script, no inline style, no plugins, no framing by anyone.
The site needs no nonce because it has no inline script at all (the JSON-LD
block is data, which browsers never run). A nonce would also be worthless
here: anonymous pages are cached whole and served to every reader (the page
cache and nginx's page files), so one nonce would be shared by all of them.
htmx's own indicator styles are switched off (``htmx-config`` in the comments
section) and live in comments.css instead.

Plain Python, no Django: nginx's configuration is rendered from this module
too, by a command that may run without settings.
"""

from __future__ import annotations

from urllib.parse import urlsplit

SELF = "'self'"
NONE = "'none'"

CSP_DIRECTIVES: dict[str, list[str]] = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
    "frame-src": [NONE],  # the desk's newsletter preview allows its own frame (csp_replace on that view)
    "object-src": [NONE],
    "base-uri": [SELF],
    "manifest-src": [SELF],
}

# Browser features the site never uses: no page of it (nor anything that
# managed to run in one) may ask for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen", "geolocation",
        "gyroscope", "magnetometer", "microphone", "midi", "payment", "picture-in-picture", "publickey-credentials-get",
        "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    )
)


def csp_directives(media_url: str = "") -> dict[str, list[str]]:
    """The site's directives when pictures are served from ``media_url`` (MEDIA_URL).

    Pictures on shared storage or a CDN have an origin of their own, and every
    page that shows them must allow it as an image source: the app's answers
    and nginx's page files alike, or a page reads differently by who served it.
    """
    if not media_url.startswith(("https://", "http://")):
        return CSP_DIRECTIVES
    parts = urlsplit(media_url)
    return {**CSP_DIRECTIVES, "img-src": [*CSP_DIRECTIVES["img-src"], f"{parts.scheme}://{parts.netloc}"]}


def csp_header(directives: dict[str, list[str]] | None = None) -> str:
    """The Content-Security-Policy header value for ``directives`` (the site's by default)."""
    return "; ".join(f"{name} {' '.join(values)}" for name, values in (directives or CSP_DIRECTIVES).items())


class PermissionsPolicyMiddleware:
    """Adds Permissions-Policy to every response that has none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
