"""Rendering the busiest pages of a new generation before nginx is pointed at it.

Without this, every change would leave nginx an empty directory, and every
reader of the busiest page would come through to the app at the same
moment. Instead a bump renders the pages most recently written (the ones
readers are on) into the new directory first, then swaps: nginx goes on
serving the previous files during those few renders, and after the swap
the busiest pages are already there. The change is on those pages by the
time the bump returns, so a save that bumps in its own request (an edit)
is seen by the very next reader.

Pages are rendered through the site's own WSGI handler with an anonymous
request, so they are byte for byte what a reader would get.
"""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

log = logging.getLogger(__name__)

_handler = None


def warm_limit() -> int:
    return int(getattr(settings, "QUICKLOOKS_PAGE_FILES_WARM", 10))


def busiest(directory: Path | None, limit: int) -> list[str]:
    """URL paths of the ``limit`` page files written most recently in ``directory``."""
    if directory is None or limit <= 0 or not directory.is_dir():
        return []
    found = []
    for folder, _, names in os.walk(directory):
        if "index.html" in names:
            path = os.path.join(folder, "index.html")
            try:
                found.append((os.stat(path).st_mtime, folder))
            except FileNotFoundError:
                continue
    found.sort(reverse=True)
    paths = []
    for _, folder in found[:limit]:
        relative = os.path.relpath(folder, directory)
        paths.append("/" if relative == "." else f"/{relative}/")
    return paths


def render_anonymous(path: str) -> bytes | None:
    """The page at ``path`` as an anonymous reader gets it; None unless it is a 200."""
    global _handler
    if _handler is None:
        from django.core.handlers.wsgi import WSGIHandler

        _handler = WSGIHandler()
    base = urlsplit(getattr(settings, "QUICKLOOKS_BASE_URL", "") or "http://127.0.0.1")
    host = base.netloc or "127.0.0.1"
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": base.hostname or "127.0.0.1",
        "SERVER_PORT": str(base.port or (443 if base.scheme == "https" else 80)),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": base.scheme or "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    status_line, header_lines = [], []

    def start_response(status, headers, exc_info=None):
        status_line.append(status)
        header_lines.extend(headers)

    try:
        chunks = _handler(environ, start_response)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
    except Exception:  # a page that cannot render now is rendered on demand later
        log.exception("could not pre-render %s", path)
        return None
    if not status_line or not status_line[0].startswith("200"):
        return None
    from quicklooks.caching.middleware import HIT_HEADER

    how = next((value for name, value in header_lines if name.lower() == HIT_HEADER.lower()), "")
    # Only a fresh render or a copy of this generation: never the previous
    # copy a concurrent render hands out meanwhile, nor a personal page.
    return body if how in ("miss", "hit") else None


def on_directory_made(sender, *, directory: Path, previous: Path | None, **kwargs) -> int:
    """``page_files.directory_made``: render the busiest pages into the new directory."""
    return warm(directory, busiest(previous, warm_limit()))


def warm(new_directory: Path, paths: list[str]) -> int:
    from quicklooks.caching import generation, page_files, releases

    if not paths or releases.seconds_until_next(generation.tokens().content) is not None:
        return 0  # page files wait until no scheduled story is pending (see releases)
    written = 0
    for path in paths:
        body = render_anonymous(path)
        if body is not None and page_files.write(new_directory, path, body) is not None:
            written += 1
    return written
