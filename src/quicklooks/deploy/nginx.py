"""The site's nginx configuration, rendered for a data directory and an app port.

nginx answers anonymous page requests from the page files the app writes
(``quicklooks.caching.page_files``) and static files from ``collectstatic``'s
output, and proxies everything else: requests with a session or messages
cookie, query strings, forms, the desk, the admin. The configuration runs
unprivileged: every path nginx writes (pid, logs, temporary files) is under
the data directory, so no root is needed for trials.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from quicklooks.security import PERMISSIONS_POLICY, csp_directives, csp_header

NGINX = "/usr/sbin/nginx"

# Inline rather than `include mime.types`: the file's path differs between
# distributions, and these are all the types the site serves.
MIME_TYPES = {
    "text/html": "html htm",
    "text/css": "css",
    "text/plain": "txt",
    "text/xml": "xml",
    "application/javascript": "js mjs",
    "application/json": "json map",
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "image/svg+xml": "svg svgz",
    "image/png": "png",
    "image/jpeg": "jpg jpeg",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/avif": "avif",
    "image/x-icon": "ico",
    "font/woff2": "woff2",
    "font/woff": "woff",
}


def security_headers(media_url: str = "") -> tuple[tuple[str, str], ...]:
    """The headers nginx adds to what it serves itself: the app's values, for the same MEDIA_URL."""
    return (
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("Content-Security-Policy", csp_header(csp_directives(media_url))),
        ("Permissions-Policy", PERMISSIONS_POLICY),
    )


# Uploaded files are readers' and reporters' bytes: opened on their own (an
# SVG, say) they may run nothing and load nothing.
MEDIA_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def _headers(pairs) -> str:
    """``add_header`` lines for ``pairs``.

    nginx drops every inherited add_header in a location that has one of its
    own, so each location that adds any lists all of them.
    """
    return "".join(f'            add_header {name} "{value}" always;\n' for name, value in pairs)


@dataclass(frozen=True)
class NginxSite:
    data_dir: Path
    app_port: int
    listen: str = "127.0.0.1:8080"
    app_host: str = "127.0.0.1"
    server_name: str = "_"
    worker_processes: str = "auto"
    personal_cookies: tuple[str, ...] = ("sessionid", "messages")
    session_cookie: str = "sessionid"
    messages_cookie: str = "messages"
    csrf_cookie: str = "csrftoken"
    # Replaced after each of the reader's posts (quicklooks.caching.readers.VERSION_COOKIE).
    version_cookie: str = "qlv"
    # More app servers on this host (ports) or elsewhere ("host:port"): one
    # upstream, and nginx retries an idempotent request on the next server.
    more_app_servers: tuple[str, ...] = ()
    # How long nginx may keep one reader's fragment (the app decides, with
    # X-Accel-Expires; 0 here turns the cache off).
    reader_cache: bool = True
    hsts_seconds: int = 0
    access_log: bool = True
    # Only matters when nginx starts as root: its workers then switch to this
    # user (nginx's default is nobody, who cannot read a private data directory).
    user: str = ""
    # Where readers fetch pictures; the settings read the same variable, so the
    # page files' CSP allows the same image origin as the app's pages.
    media_url: str = field(default_factory=lambda: os.environ.get("MEDIA_URL", "").strip())

    @property
    def pages_dir(self) -> Path:
        return self.data_dir / "pages"

    @property
    def static_dir(self) -> Path:
        return self.data_dir / "static"

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @property
    def nginx_dir(self) -> Path:
        return self.data_dir / "nginx"

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"

    def make_directories(self) -> None:
        for path in (self.pages_dir, self.static_dir, self.media_dir, self.logs_dir, self.nginx_dir / "tmp"):
            path.mkdir(parents=True, exist_ok=True)


def _cookie_pattern(names: tuple[str, ...]) -> str:
    alternatives = "|".join(name.replace(".", r"\.") for name in names)
    return f'"~(^|;)\\s*({alternatives})="'


def _servers(site: NginxSite) -> str:
    addresses = [f"{site.app_host}:{site.app_port}"]
    addresses += [extra if ":" in extra else f"{site.app_host}:{extra}" for extra in site.more_app_servers]
    # A server that refuses or times out is left alone for a few seconds,
    # and its requests go to the others (proxy_next_upstream below).
    return "\n".join(f"        server {address} max_fails=1 fail_timeout=5s;" for address in addresses)


def _proxy(site: NginxSite, *, ssi_header: str) -> str:
    return f"""            proxy_pass http://quicklooks_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            # The address nginx itself saw, replacing whatever the client sent:
            # the app trusts exactly this one entry (ALLAUTH_TRUSTED_PROXY_COUNT=1),
            # so a client cannot choose the address its rate limits count.
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            # Only nginx says whether it will run the page's SSI commands; an
            # empty value drops whatever a client sent.
            proxy_set_header X-Quicklooks-Ssi "{ssi_header}";
            proxy_redirect off;
            proxy_read_timeout 60s;
            # A server that died: GET and HEAD go to the next one. A POST is
            # retried only when it never reached a server (nginx's default).
            proxy_next_upstream error timeout http_502 http_503;
            proxy_next_upstream_tries 3;
"""


def render(site: NginxSite) -> str:
    """The whole nginx.conf (main, events and http) for ``site``."""
    tmp = site.nginx_dir / "tmp"
    types = "\n".join(f"        {kind} {extensions};" for kind, extensions in MIME_TYPES.items())
    headers = security_headers(site.media_url)
    security = _headers(headers)
    if site.hsts_seconds:
        security += f'        add_header Strict-Transport-Security "max-age={site.hsts_seconds}; includeSubDomains" always;\n'
    media_security = _headers(
        [(name, MEDIA_POLICY if name == "Content-Security-Policy" else value) for name, value in headers]
    )
    if site.hsts_seconds:
        media_security += f'        add_header Strict-Transport-Security "max-age={site.hsts_seconds}; includeSubDomains" always;\n'
    access_log = (
        f"access_log {site.logs_dir}/nginx-access.log combined buffer=256k flush=5s;" if site.access_log else "access_log off;"
    )
    return f"""# quicklooks: generated by `quicklooks deploy nginx-config`; edit the command's options, not this file.
# Data directory: {site.data_dir}
{f"user {site.user};" if site.user else "# user: nginx's default (nobody) when started as root"}
worker_processes {site.worker_processes};
pid {site.nginx_dir}/nginx.pid;
error_log {site.logs_dir}/nginx-error.log warn;

events {{
    worker_connections 4096;
}}

http {{
    types {{
{types}
    }}
    default_type application/octet-stream;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    {access_log}

    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 100000;
    server_tokens off;
    client_max_body_size 10m;
    # Page files are replaced by rename; remember open files only briefly.
    open_file_cache max=10000 inactive=10s;
    open_file_cache_valid 1s;

    gzip on;
    gzip_vary on;
    gzip_min_length 1024;
    gzip_types text/css application/javascript application/json application/rss+xml application/atom+xml image/svg+xml text/xml;

    upstream quicklooks_app {{
{_servers(site)}
        keepalive 32;
    }}
    # Each signed-in reader's fragments, a few seconds at most, keyed by
    # their own session, CSRF and version cookies and the fragment's URL,
    # which names the content generation (quicklooks.caching.stitching).
    proxy_cache_path {tmp}/readers levels=1:2 keys_zone=quicklooks_readers:16m max_size=256m inactive=30s use_temp_path=off;

    # A request that carries a session or messages cookie is personal: it
    # always goes to the app, which renders it fresh and never shares it.
    map $http_cookie $quicklooks_personal {{
        default 0;
        {_cookie_pattern(site.personal_cookies)} 1;
    }}
    # Where a page request goes:
    # - "page": anonymous, plain GET/HEAD: the page file as it is;
    # - "reader": a session (and a CSRF cookie, so the fragments' forms
    #   work), no flash messages waiting: the same page file, or the app's
    #   shared copy, with the reader's parts included by SSI ("reader_app":
    #   the same with a query string, which page files never answer);
    # - anything else (forms, htmx, flash messages, no CSRF cookie yet): the
    #   app, which stitches the reader's parts itself and can set cookies.
    map "$request_method|$http_hx_request|$quicklooks_personal|$cookie_{site.messages_cookie}|$cookie_{site.session_cookie}|$cookie_{site.csrf_cookie}|$args" $quicklooks_route {{
        default app;
        "~^(GET|HEAD)\\|\\|0\\|\\|[^|]*\\|[^|]*\\|$" page;
        "~^(GET|HEAD)\\|\\|1\\|\\|[^|]+\\|[^|]+\\|$" reader;
        "~^(GET|HEAD)\\|\\|1\\|\\|[^|]+\\|[^|]+\\|." reader_app;
    }}

    server {{
        listen {site.listen};
        server_name {site.server_name};

        location /static/ {{
            alias {site.static_dir}/;
            gzip_static on;
            # collectstatic names every file by its content hash: never changes.
            add_header Cache-Control "public, max-age=31536000, immutable";
{security}            access_log off;
        }}

        location /media/ {{
            alias {site.media_dir}/;
            expires 7d;
{media_security}        }}

        location / {{
            error_page 418 = @app;
            error_page 419 = @reader;
            error_page 420 = @reader_app;
            if ($quicklooks_route = app) {{
                return 418;
            }}
            if ($quicklooks_route = reader) {{
                return 419;
            }}
            if ($quicklooks_route = reader_app) {{
                return 420;
            }}
            root {site.pages_dir};
            # `current` is the live generation's directory; the app swaps it
            # on every published change (quicklooks.caching.page_files).
            try_files /current$uri/index.html @app;
            etag on;
            add_header Cache-Control "public, max-age=0, s-maxage=0, must-revalidate" always;
            add_header Vary "Cookie" always;
            add_header X-Page-Cache "file" always;
{security}        }}

        # A signed-in reader: the one shared page, their own parts included.
        location @reader {{
            ssi on;
            ssi_silent_errors on;
            # SSI output is written from buffers, not sent with sendfile: with
            # TCP_CORK the last part of each page waited on the kernel, and an
            # 80 KB page (741 comments) went 435 -> 1,958 req/s without it.
            tcp_nopush off;
            root {site.pages_dir};
            try_files /current$uri/index.html @reader_app;
            add_header Cache-Control "private, no-cache" always;
            add_header Vary "Cookie" always;
            add_header X-Page-Cache "file+reader" always;
{security}        }}

        location @reader_app {{
            ssi on;
            ssi_silent_errors on;
            tcp_nopush off;
{_proxy(site, ssi_header="1")}        }}

        # The fragments, only ever asked for by SSI (`internal`). When one
        # fails (the app is down), nginx shows the page's anonymous version
        # of that part instead: Login links.
        location ~ ^/(_reader/|comments/story/[^/]+/reader/$) {{
            internal;
{_proxy(site, ssi_header="")}{_reader_cache(site)}        }}

        location @app {{
{_proxy(site, ssi_header="")}        }}
    }}
}}
"""


def _reader_cache(site: NginxSite) -> str:
    if not site.reader_cache:
        return ""
    # In a subrequest $request_uri is the page's: key on the fragment's own URI.
    return f"""            proxy_cache quicklooks_readers;
            proxy_cache_key "$cookie_{site.session_cookie}|$cookie_{site.csrf_cookie}|$cookie_{site.version_cookie}|$uri|$args";
            # The app says how long (X-Accel-Expires, 0 for "not at all"); its
            # Cache-Control is for browsers, and the CSRF cookie it renews
            # could not reach the browser from a subrequest anyway.
            proxy_ignore_headers Cache-Control Expires Set-Cookie Vary;
            proxy_hide_header Set-Cookie;
            # When a reader's copy expires under load, one subrequest renders it
            # again while the reader's other requests keep the copy they had
            # (it is theirs alone, and names the same page generation).
            proxy_cache_lock on;
            proxy_cache_lock_timeout 5s;
            proxy_cache_use_stale updating;
            proxy_cache_background_update on;
"""


def nginx_binary() -> str:
    found = shutil.which("nginx") or (NGINX if Path(NGINX).exists() else None)
    if not found:
        raise FileNotFoundError("nginx is not installed: apt-get install nginx (the binary is expected at /usr/sbin/nginx).")
    return found


def command(config: Path, site: NginxSite) -> list[str]:
    """The nginx command line for ``config``: foreground, error log in the data directory."""
    return [nginx_binary(), "-c", str(config), "-p", str(site.nginx_dir), "-e", str(site.logs_dir / "nginx-error.log"), "-g", "daemon off;"]


def write_config(site: NginxSite) -> Path:
    site.make_directories()
    path = site.nginx_dir / "nginx.conf"
    path.write_text(render(site))
    return path
