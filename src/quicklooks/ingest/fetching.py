"""Fetching pages and feeds politely and safely.

Every request carries our own User-Agent, has a connect/read timeout and an
overall deadline, stops reading past a size limit, honours robots.txt, sends
ETag / Last-Modified for conditional GET, waits its turn under a per-host
concurrency limit and speaks only http(s).

Private, loopback, link-local and other non-public addresses are refused
before connecting: the host name is resolved once, every address is checked,
and the connection goes to the checked address (so a second DNS answer
cannot swap in a private one). Each redirect is a new request and is checked
the same way. A source an admin marked ``allow_private``, or
``quicklooks ingest --allow-private``, lifts that one rule.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import threading
import time
import urllib.robotparser
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin, urlsplit

from quicklooks import __version__

USER_AGENT = f"quicklooks/{__version__} (newsroom ingest)"
ROBOTS_AGENT = "quicklooks"
TIMEOUT = 10.0
"""Seconds a connect or a single read may take."""
DEADLINE = 30.0
"""Seconds a whole response may take, however slowly it trickles in."""
MAX_BYTES = 5 * 1024 * 1024
"""Largest body we read; news pages and feeds are far smaller."""
MAX_REDIRECTS = 5
IMAGE_MAX_BYTES = 9 * 1024 * 1024
"""Largest picture fetched: the desk's upload limit (quicklooks.stories.images.MAX_BYTES)."""
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")
"""Pictures we fetch: what the renditions can be made from. SVG is never one (it can carry script)."""
PER_HOST_LIMIT = 2
"""Requests at once to one host from this process."""
ROBOTS_TTL = 3600.0


class FetchError(Exception):
    """A URL could not be fetched; the message says why and what to do."""

    transient = False


class TransientFetchError(FetchError):
    """Worth retrying later: timeouts, refused connections, 5xx, 429."""

    transient = True


@dataclass
class Response:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    not_modified: bool = False
    redirects: list[str] = field(default_factory=list)

    @property
    def etag(self) -> str:
        return self.headers.get("etag", "")

    @property
    def last_modified(self) -> str:
        return self.headers.get("last-modified", "")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


# IPv6 ranges that carry an IPv4 address inside them: what matters is the
# IPv4 address they lead to. Python's is_global calls them all public.
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated ::a.b.c.d, never a real host
_SITE_LOCAL = ipaddress.ip_network("fec0::/10")  # deprecated, still routed inside some networks


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        elif any(ip in network for network in _NAT64):
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        elif ip.sixtofour:
            ip = ip.sixtofour
        elif ip in _IPV4_COMPATIBLE or ip in _SITE_LOCAL:
            return False
    return ip.is_global and not ip.is_multicast


AllowPrivate = bool | frozenset
"""True allows every private address (``--allow-private``); a set allows only those ``host:port``
pairs (an admin-allowed source's own host and port, so neither a redirect from it
nor another port on the same host can be reached)."""


def host_and_port(url: str) -> str:
    """``host:port`` of an http(s) URL, the port filled in from the scheme: the key allow_private sets hold."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{(parts.hostname or '').lower()}:{port}"


def private_allowed(host: str, allow_private: AllowPrivate, port: int | None = None) -> bool:
    if isinstance(allow_private, bool):
        return allow_private
    return port is not None and f"{host.lower()}:{port}" in allow_private


def resolve_checked(host: str, port: int, *, allow_private: AllowPrivate) -> list[tuple]:
    """Resolve ``host`` and refuse it when any address is not public (unless allowed)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise TransientFetchError(f"cannot resolve {host}: {error.strerror or error}") from error
    if not private_allowed(host, allow_private, port):
        for info in infos:
            address = info[4][0]
            if not is_public_address(address):
                raise FetchError(
                    f"refused {host} ({address}): a private, loopback or link-local address. "
                    "An admin can allow it on the source, or pass --allow-private for a one-off ingest."
                )
    return infos


def _checked_connector(allow_private: AllowPrivate):
    """A socket.create_connection stand-in that connects only to checked addresses."""

    def create_connection(address, timeout=None, source_address=None, **_):
        host, port = address
        last_error: OSError | None = None
        for family, socktype, proto, _canon, sockaddr in resolve_checked(host, port, allow_private=allow_private):
            sock = socket.socket(family, socktype, proto)
            try:
                sock.settimeout(timeout)
                sock.connect(sockaddr)
                return sock
            except OSError as error:
                sock.close()
                last_error = error
        raise last_error or OSError(f"no address for {host}")

    return create_connection


_host_locks: dict[str, threading.BoundedSemaphore] = {}
_host_locks_guard = threading.Lock()


@contextmanager
def host_slot(host: str):
    """Hold one of the host's PER_HOST_LIMIT slots for the length of a request."""
    with _host_locks_guard:
        semaphore = _host_locks.setdefault(host, threading.BoundedSemaphore(PER_HOST_LIMIT))
    with semaphore:
        yield


_robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None]] = {}
_robots_guard = threading.Lock()


@dataclass
class Fetcher:
    allow_private: AllowPrivate = False
    timeout: float = TIMEOUT
    deadline: float = DEADLINE
    max_bytes: int = MAX_BYTES
    obey_robots: bool = True

    def get(self, url: str, *, etag: str = "", last_modified: str = "", accept: str = "*/*") -> Response:
        """GET ``url`` following up to MAX_REDIRECTS redirects, each one checked again."""
        seen: list[str] = []
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            self._check_url(current)
            if self.obey_robots and not self.robots_allow(current):
                raise FetchError(f"{current}: robots.txt asks robots not to fetch it; respect that or ask the site.")
            if current in seen:
                raise FetchError(f"{url}: redirect loop ({' -> '.join(seen + [current])}).")
            seen.append(current)
            response = self._request(current, etag=etag, last_modified=last_modified, accept=accept)
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("location")
                if not location:
                    raise FetchError(f"{current}: redirect without a Location header.")
                current = urljoin(current, location)
                continue
            response.redirects = seen[:-1]
            if response.status == 304:
                response.not_modified = True
                return response
            if response.status == 429 or response.status >= 500:
                raise TransientFetchError(f"{current}: the server answered {response.status}; will try again later.")
            if response.status >= 400:
                raise FetchError(f"{current}: the server answered {response.status}.")
            return response
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects ({' -> '.join(seen)}).")

    def get_image(self, url: str) -> Response:
        """GET a picture, as politely and as safely as a page, with the picture size and type limits.

        FetchError when the answer is larger than IMAGE_MAX_BYTES or is not
        one of IMAGE_TYPES (an HTML error page, an SVG).
        """
        limited = replace(self, max_bytes=min(self.max_bytes, IMAGE_MAX_BYTES))
        response = limited.get(url, accept=", ".join(IMAGE_TYPES) + ";q=0.9")
        if response.content_type not in IMAGE_TYPES:
            raise FetchError(
                f"{response.url}: not a picture we keep (the server says {response.content_type or 'nothing'}; "
                f"we take {', '.join(IMAGE_TYPES)})."
            )
        return response

    def _check_url(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(f"{url}: only http and https URLs can be fetched (got {parts.scheme or 'no scheme'}).")
        if not parts.hostname:
            raise FetchError(f"{url}: the URL has no host.")

    def _request(self, url: str, *, etag: str, last_modified: str, accept: str, robots: bool = False) -> Response:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        connection = connection_class(host, port, timeout=self.timeout)
        # http.client opens its socket through this attribute; ours checks the address first.
        connection._create_connection = _checked_connector(self.allow_private)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        headers = {"User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": "identity", "Connection": "close"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        started = time.monotonic()
        # The deadline covers the whole exchange, however slowly the server
        # trickles: a watchdog shuts the socket at the deadline, and each read
        # waits at most the time that is left.
        expired = threading.Event()

        def expire():
            expired.set()
            sock = connection.sock
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        watchdog = threading.Timer(self.deadline, expire)
        watchdog.daemon = True

        def too_slow() -> TransientFetchError:
            return TransientFetchError(f"{url}: the server took over {self.deadline:g}s to send the page; stopped waiting.")

        try:
            with host_slot(f"{host}:{port}"):
                watchdog.start()
                connection.request("GET", path, headers=headers)
                raw = connection.getresponse()
                declared = raw.getheader("content-length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(
                        f"{url}: the page is {int(declared):,} bytes, over the {self.max_bytes:,}-byte limit."
                    )
                chunks, size = [], 0
                while True:
                    left = self.deadline - (time.monotonic() - started)
                    if left <= 0 or expired.is_set():
                        raise too_slow()
                    if connection.sock is not None:
                        connection.sock.settimeout(min(self.timeout, left))
                    # read1: whatever has arrived, not a wait for a full 64 KiB.
                    chunk = raw.read1(65536)
                    if not chunk:
                        if expired.is_set():
                            raise too_slow()
                        break
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"{url}: the page is over the {self.max_bytes:,}-byte limit; stopped reading.")
                    chunks.append(chunk)
                return Response(
                    url=url,
                    status=raw.status,
                    headers={k.lower(): v for k, v in raw.getheaders()},
                    body=b"".join(chunks),
                )
        except FetchError:
            raise
        except (socket.timeout, TimeoutError) as error:
            if expired.is_set() or time.monotonic() - started >= self.deadline:
                raise too_slow() from error
            raise TransientFetchError(f"{url}: timed out after {self.timeout:g}s ({error}).") from error
        except (OSError, http.client.HTTPException) as error:
            if expired.is_set():
                raise too_slow() from error
            raise TransientFetchError(f"{url}: {error.__class__.__name__}: {error}") from error
        finally:
            watchdog.cancel()
            connection.close()

    def robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.path == "/robots.txt":
            return True
        root = f"{parts.scheme}://{parts.netloc}"
        now = time.monotonic()
        with _robots_guard:
            cached = _robots.get(root)
        if cached is None or now - cached[0] > ROBOTS_TTL:
            parser: urllib.robotparser.RobotFileParser | None = urllib.robotparser.RobotFileParser()
            try:
                response = self._request(root + "/robots.txt", etag="", last_modified="", accept="text/plain")
            except FetchError as error:
                if not error.transient:
                    raise
                # An unreachable robots.txt is not a permission; try again with the page's own retry.
                raise TransientFetchError(f"{root}/robots.txt could not be read ({error}).") from error
            if response.status >= 400:
                parser = None  # no robots.txt: everything is allowed
            else:
                parser.parse(response.body.decode("utf-8", "replace").splitlines())
            cached = (now, parser)
            with _robots_guard:
                _robots[root] = cached
        parser = cached[1]
        return True if parser is None else parser.can_fetch(ROBOTS_AGENT, url)


def forget_robots() -> None:
    """Drop cached robots.txt answers (tests change them between runs)."""
    with _robots_guard:
        _robots.clear()
