"""A real HTTP server on loopback that serves the ingest fixtures and the awkward cases.

Routes: /feeds/rss.xml, /feeds/atom.xml, /feeds/malformed.xml (from
tests/files/ingest, with {base} filled in), /articles/*.html, /no-article.html,
/big.html (50 MB, generated as it is sent), /big-unsized.html (the same with no
Content-Length), /loop-a <-> /loop-b, /to-private (redirects to a link-local
address), /slow.html (answers after SLOW_SECONDS), /trickle.html (a byte every
TRICKLE_SECONDS, never done within a deadline), /status/<code>,
/robots.txt (disallows /private/), /feeds/generated-<n>.xml (n entries whose
pages are /generated/<i>.html), /feeds/paced-<n>.xml (the same, each page
answered after PACED_SECONDS).
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FILES = Path(__file__).resolve().parent.parent / "files" / "ingest"
BIG = 50 * 1024 * 1024
SLOW_SECONDS = 3.0
PACED_SECONDS = 0.5
TRICKLE_SECONDS = 0.1
TRICKLE_BYTES = 200  # 20 s of trickling

_WORDS = (
    "council harbour ferry bridge market school river station budget mayor engineers traders library "
    "survey repairs passengers pupils committee grant tickets storm roof winter spring museum park road"
).split()


def generated_article(i: int) -> str:
    """A distinct article for entry i: distinct enough that no two are near-duplicates."""
    words = random.Random(i).choices(_WORDS, k=160)  # seeded: the same article for i every time
    # Real sentences (subject, verb, object): the Quick Looks engine rightly
    # refuses to make bullets out of verb-less word lists.
    shapes = (
        "The {a} committee approved a plan for the {b} and the {c} in district {i} on day {k}.",
        "Engineers inspected the {a} near the {b} after {n} complaints from {c} users in district {i}.",
        "Residents of district {i} asked the {a} office to reopen the {b} before the {c} season.",
        "A {a} survey published on day {k} found {n} faults at the {b}, officials in district {i} said.",
        "Traders said the {a} closure cost them {n} days of sales near the {b} and the {c}.",
        "The mayor promised {n} new {a} posts for district {i} once the {b} repairs finish.",
        "Pupils from the {a} school visited the {b} on day {k} to study the {c} in district {i}.",
    )
    sentences = [
        shapes[(i + k // 16) % len(shapes)].format(a=words[k], b=words[k + 1], c=words[k + 2], i=i, k=k, n=2 + (i * k) % 9)
        for k in range(0, 160, 16)
    ]
    paragraphs = "".join(f"<p>{s}</p>" for s in sentences)
    return (
        f"<!doctype html><html><head><title>Report number {i} from the district</title>"
        f"<meta property='og:site_name' content='Generated Times'></head><body><article>"
        f"<h1>Report number {i} from the district</h1>{paragraphs}</article></body></html>"
    )


def generated_feed(base: str, n: int, folder: str = "generated") -> str:
    items = "".join(
        f"<item><title>Report number {i} from the district</title><link>{base}/{folder}/{i}.html</link>"
        f"<guid>{base}/{folder}/{i}.html</guid><description>Report {i}.</description></item>"
        for i in range(n)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Generated</title><link>{base}/</link>{items}</channel></rss>'


class FixtureServer:
    def __init__(self) -> None:
        self.requests: Counter = Counter()
        self.user_agents: set[str] = set()
        self.conditional_hits = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):
                owner.requests[self.path] += 1
                owner.user_agents.add(self.headers.get("User-Agent", ""))
                owner.route(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def _send(self, handler, status: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(body)

    def route(self, h) -> None:
        path = h.path.split("?")[0]
        if path == "/robots.txt":
            return self._send(h, 200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if path == "/feeds/slow.xml":
            feed = generated_feed(self.base, 1).replace(f"{self.base}/generated/0.html", f"{self.base}/slow.html")
            return self._send(h, 200, feed.encode(), "application/rss+xml")
        if path.startswith("/feeds/paced-"):
            n = int(path.removeprefix("/feeds/paced-").removesuffix(".xml"))
            return self._send(h, 200, generated_feed(self.base, n, "paced").encode(), "application/rss+xml")
        if path.startswith("/feeds/generated-"):
            n = int(path.removeprefix("/feeds/generated-").removesuffix(".xml"))
            return self._send(h, 200, generated_feed(self.base, n).encode(), "application/rss+xml")
        if path.startswith("/feeds/"):
            name = path.removeprefix("/feeds/")
            file = FILES / name
            if not file.is_file():
                return self._send(h, 404, b"not found", "text/plain")
            body = file.read_text().replace("{base}", self.base).encode()
            etag = f'"{name}-v1"'
            if h.headers.get("If-None-Match") == etag:
                self.conditional_hits += 1
                h.send_response(304)
                h.send_header("ETag", etag)
                h.send_header("Content-Length", "0")
                h.end_headers()
                return
            kind = "application/atom+xml" if "atom" in name else "application/rss+xml"
            return self._send(h, 200, body, kind, {"ETag": etag})
        if path.startswith("/paced/"):
            # A newsroom's slow CMS: pages arrive at a steady pace, so a test can
            # stop a worker half way through a feed whatever the machine's speed.
            time.sleep(PACED_SECONDS)
            i = int(path.removeprefix("/paced/").removesuffix(".html"))
            return self._send(h, 200, generated_article(i).encode(), "text/html; charset=utf-8")
        if path.startswith("/generated/"):
            i = int(path.removeprefix("/generated/").removesuffix(".html"))
            return self._send(h, 200, generated_article(i).encode(), "text/html; charset=utf-8")
        if path.startswith("/articles/") or path in ("/no-article.html", "/private/secret.html"):
            file = FILES / path.lstrip("/")
            if path.startswith("/private/"):
                file = FILES / "articles" / "harbour.html"
            if not file.is_file():
                return self._send(h, 404, b"<h1>Not found</h1>", "text/html")
            return self._send(h, 200, file.read_bytes(), "text/html; charset=utf-8")
        if path in ("/big.html", "/big-unsized.html"):
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            if path == "/big.html":
                h.send_header("Content-Length", str(BIG))
            else:
                h.send_header("Connection", "close")
            h.end_headers()
            chunk = b"<p>" + b"x" * 65530 + b"</p>"
            try:
                for _ in range(BIG // len(chunk)):
                    h.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            h.close_connection = True
            return
        if path == "/loop-a":
            return self._send(h, 302, b"", "text/plain", {"Location": "/loop-b"})
        if path == "/loop-b":
            return self._send(h, 302, b"", "text/plain", {"Location": "/loop-a"})
        if path == "/to-private":
            return self._send(h, 302, b"", "text/plain", {"Location": "http://169.254.169.254/latest/meta-data/"})
        if path == "/to-harbour":
            return self._send(h, 301, b"", "text/plain", {"Location": "/articles/harbour.html"})
        if path == "/slow.html":
            time.sleep(SLOW_SECONDS)
            return self._send(h, 200, (FILES / "articles" / "harbour.html").read_bytes(), "text/html")
        if path == "/trickle.html":
            # A server that never stops sending: a byte every TRICKLE_SECONDS, each
            # in time for a per-read timeout, for far longer than any deadline.
            body = (FILES / "articles" / "harbour.html").read_bytes()[:TRICKLE_BYTES]
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            try:
                for byte in body:
                    h.wfile.write(bytes([byte]))
                    h.wfile.flush()
                    time.sleep(TRICKLE_SECONDS)
            except (BrokenPipeError, ConnectionResetError):
                pass
            h.close_connection = True
            return
        if path.startswith("/status/"):
            code = int(path.removeprefix("/status/"))
            return self._send(h, code, b"status", "text/plain")
        return self._send(h, 404, b"not found", "text/plain")
