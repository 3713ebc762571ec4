"""HTTP benchmark: the story page under a breaking-news spike, for anonymous and signed-in readers, in one run.

    .venv/bin/python bench/http.py [--duration 10] [--connections 50] [--big-thread 741]

Every row is measured beside nginx serving that row's own response bytes as
a static file (the ceiling), in the same run:

(a) nginx, static file of the page anonymous readers get;
(b) the story page under `quicklooks deploy local` (nginx, page files, gunicorn);
(f) (b) for a signed-in reader, the story with no comments: the shared page
    file, the reader's fragments included by nginx SSI (issue #19);
(f741) the same on a story with --big-thread comments;
(e) (b) while comments are posted and approved at --comment-rate per second;
(g) (f) while comments are posted and approved at --comment-rate per second;
(b2, f2) (b) and (f) with `deploy local --app-servers 2`;
(c) the story page under `quicklooks serve` (embedded: one process, SQLite, page cache in memory);
(d) a plain, uncached Django render: gunicorn -w 2, page cache switched off: the floor.

Each is measured with wrk (-t2 -c50 --latency) on loopback, one at a time,
after a warm-up. Results go to bench/RESULTS-http.md with this command line.
"""

from __future__ import annotations

import os
import sys

# Run as a script, this file's folder comes first on sys.path, and this
# file's name would hide the standard library's http package.
sys.path[:] = [entry for entry in sys.path if os.path.realpath(entry or ".") != os.path.dirname(os.path.realpath(__file__))]

import argparse
import platform
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WRK = shutil.which("wrk") or "/usr/bin/wrk"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@dataclass
class Result:
    name: str
    label: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: str
    note: str = ""
    ceiling: "Result | None" = None  # nginx serving this row's bytes as a static file, measured just before


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(url: str, process: subprocess.Popen | None, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server for {url} exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout}s")


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[bytes, dict]:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
        return response.read(), dict(response.headers)


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip()).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(url: str, *, duration: int, connections: int, threads: int, headers: dict[str, str] | None = None) -> tuple[float, float, float, str]:
    header_args = [arg for name, value in (headers or {}).items() for arg in ("-H", f"{name}: {value}")]
    out = subprocess.run(
        # A long timeout: a slow floor should show in its latency, not vanish as timeouts.
        [WRK, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "--latency", *header_args, url],
        capture_output=True, text=True, check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _milliseconds(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = _milliseconds(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    problems = []
    for pattern in (r"Non-2xx or 3xx responses: (\d+)", r"Socket errors: (.*)"):
        found = re.search(pattern, out)
        if found:
            problems.append(found.group(0).strip())
    return rps, p50, p99, "; ".join(problems) or "none"


def measure(name, label, url, args, note="", headers: dict[str, str] | None = None) -> Result:
    for _ in range(3):
        fetch(url, headers)  # warm: first render, cache fill, page file
    header_args = [arg for key, value in (headers or {}).items() for arg in ("-H", f"{key}: {value}")]
    subprocess.run([WRK, "-t1", "-c4", "-d2s", *header_args, url], capture_output=True, check=True)
    rounds = sorted(
        (wrk(url, duration=args.duration, connections=args.connections, threads=args.threads, headers=headers) for _ in range(args.rounds)),
        key=lambda run: run[0],
    )
    # The median round: the machine is shared, and one noisy round should not decide.
    rps, p50, p99, errors = rounds[len(rounds) // 2]
    print(f"{name}: {rps:,.0f} req/s, p50 {p50:.2f} ms, p99 {p99:.2f} ms, errors: {errors}", flush=True)
    return Result(name, label, rps, p50, p99, errors, note)


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def base_env(data_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL"}}
    env["QUICKLOOKS_DATA_DIR"] = str(data_dir)
    env["QUICKLOOKS_LOG_LEVEL"] = "WARNING"
    return env


def static_ceiling(root: Path, path: str, body: bytes, args, name: str = "a", label: str = "nginx, static file of the page (ceiling)") -> Result:
    site = Path(tempfile.mkdtemp(prefix="static-ceiling-", dir=root))
    target = site / "html" / path.strip("/") / "index.html"
    target.parent.mkdir(parents=True)
    target.write_bytes(body)
    (site / "tmp").mkdir()
    port = free_port()
    config = site / "nginx.conf"
    user = "user root;" if os.geteuid() == 0 else ""
    config.write_text(f"""{user}
worker_processes auto;
pid {site}/nginx.pid;
error_log {site}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    types {{ text/html html; }}
    access_log off;
    sendfile on; tcp_nopush on; tcp_nodelay on;
    keepalive_timeout 65; keepalive_requests 100000;
    client_body_temp_path {site}/tmp/cb; proxy_temp_path {site}/tmp/p; fastcgi_temp_path {site}/tmp/f;
    uwsgi_temp_path {site}/tmp/u; scgi_temp_path {site}/tmp/s;
    open_file_cache max=1000 inactive=10s; open_file_cache_valid 1s;
    server {{ listen 127.0.0.1:{port}; root {site}/html; location / {{ try_files $uri/index.html =404; }} }}
}}
""")
    process = subprocess.Popen([NGINX, "-c", str(config), "-p", str(site), "-e", str(site / "error.log"), "-g", "daemon off;"])
    try:
        url = f"http://127.0.0.1:{port}{path}"
        wait_until_serving(url, process)
        return measure(name, label, url, args)
    finally:
        stop(process, signal.SIGQUIT)


class CommentPoster:
    """Posts comments at a steady rate through the real comments code, then approves each.

    Runs in a child process with production settings on the deploy's data
    directory, so each post and approval is a real transaction and fires
    the same signals the site's views do.
    """

    SCRIPT = r"""
import sys, time
from quicklooks.bootstrap import setup_django
setup_django(migrate=False)
from django.contrib.auth import get_user_model
from django.core.cache import cache
from quicklooks.comments import moderation
from quicklooks.comments.posting import post_comment
from quicklooks.comments.models import Comment
from quicklooks.stories.models import Story
from allauth.account.models import EmailAddress
from django.conf import settings
settings.QUICKLOOKS_COMMENT_RATE = "100000/m"
rate, seconds, slug = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
story = Story.objects.get(slug=slug)
User = get_user_model()
def reader(name, roles=()):
    from django.contrib.auth.models import Group
    from datetime import timedelta
    from django.utils import timezone
    user, made = User.objects.get_or_create(username=name, defaults={"email": name + "@example.org"})
    if made:
        user.date_joined = timezone.now() - timedelta(days=90)
        user.save()
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        for role in roles:
            user.groups.add(Group.objects.get(name=role))
    return user
moderator = reader("bench-moderator", roles=("moderator",))
moderation.set_policy(story, "premoderated", moderator)
writers = [reader(f"bench-reader-{i}") for i in range(50)]
start = time.monotonic(); sent = 0; approved = 0
while time.monotonic() - start < seconds:
    due = start + sent / rate
    pause = due - time.monotonic()
    if pause > 0:
        time.sleep(pause)
    comment, _ = post_comment(story=story, user=writers[sent % len(writers)], text=f"Benchmark comment number {sent} on the story.")
    sent += 1
    if comment.status == Comment.Status.PENDING:
        moderation.approve(comment, moderator)
        approved += 1
print(sent, approved, Comment.objects.filter(story=story, status=Comment.Status.VISIBLE).count())
"""

    def __init__(self, env: dict[str, str], rate: float, seconds: float, slug: str):
        self.process = subprocess.Popen(
            [PYTHON, "-c", self.SCRIPT, str(rate), str(seconds), slug], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    def result(self) -> str:
        out, err = self.process.communicate(timeout=300)
        if self.process.returncode != 0:
            raise RuntimeError(f"comment poster failed:\n{err[-3000:]}")
        return out.strip()


def signed_in_cookie(env: dict[str, str], base: str) -> str:
    """A verified reader signed in through the real login form; returns the Cookie header their browser would send."""
    import http.cookiejar

    email, password = "bench-signed-in@example.org", "bench signed-in reader 2026"
    subprocess.run(
        [PYTHON, "-m", "quicklooks", "manage", "shell", "-c",
         f"from quicklooks.accounts.creating import create_verified_account\ncreate_verified_account({email!r}, {password!r}, name='Bench Reader')"],
        env=env, check=True, capture_output=True, text=True,
    )
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"{base}/accounts/login/"
    page = opener.open(login, timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "login": email, "password": password}).encode()
    opener.open(urllib.request.Request(login, data=form, headers={"Referer": login}), timeout=60).read()
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise RuntimeError(f"signing in as {email} failed: no session cookie")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


BIG_THREAD_SCRIPT = r"""
import sys
from quicklooks.bootstrap import setup_django
setup_django(migrate=False)
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from quicklooks.caching import invalidate
from quicklooks.comments.models import Comment
from quicklooks.comments.rendering import render
from quicklooks.stories.models import Story
story = Story.objects.get(slug=sys.argv[1])
count = int(sys.argv[2])
User = get_user_model()
writers = [User.objects.get_or_create(username=f"bench-thread-{n}", defaults={"email": f"bench-thread-{n}@example.org"})[0] for n in range(40)]
start = timezone.now() - timedelta(hours=6)
tops = []
for n in range(count):
    text = f"Comment {n} on the story: the talks, the troops and what comes next."
    parent = tops[n % len(tops)] if tops and n % 3 == 0 else None
    comment = Comment(story=story, author=writers[n % len(writers)], body=text, html=render(text), parent=parent,
                      depth=0 if parent is None else 1, created_at=start + timedelta(seconds=20 * n))
    comment.save()
    if parent is None:
        tops.append(comment)
invalidate()
print(Comment.objects.filter(story=story, status="visible").count())
"""


def stack(root: Path, name: str, *extra: str) -> tuple[subprocess.Popen, int, dict[str, str], Path]:
    data_dir = root / name
    port = free_port()
    env = base_env(data_dir)
    process = subprocess.Popen(
        [PYTHON, "-m", "quicklooks", "deploy", "local", "--port", str(port), "--no-access-log", *extra],
        env=env, stdout=open(root / f"{name}.log", "w"), stderr=subprocess.STDOUT,
    )
    wait_until_serving(f"http://127.0.0.1:{port}/", process)
    from quicklooks.deploy.local import environment

    return process, port, environment(data_dir, port, base=env), data_dir


def reader_page(url: str, cookie: str) -> bytes:
    """The signed-in reader's page, checked: theirs, stitched by nginx, no SSI left over."""
    body, headers = fetch(url, {"Cookie": cookie})
    assert headers.get("X-Page-Cache") in ("file+reader", "hit+reader", "miss+reader", "stale+reader"), headers
    assert "private" in headers.get("Cache-Control", ""), headers
    assert b'name="text"' in body and b"Log out" in body, "the signed-in page has no comment form: the reader is not signed in"
    assert b"<!--#" not in body, "nginx left SSI commands in the page"
    return body


def beside_static(root, page_path, body, args, result_name, label, url, headers=None, note="") -> Result:
    ceiling = static_ceiling(root, page_path, body, args, name=f"{result_name}·static", label=f"nginx static, the bytes of ({result_name})")
    result = measure(result_name, label, url, args, headers=headers, note=note)
    result.ceiling = ceiling
    return result


def while_posting(env, args, slug, measurements) -> tuple[list[Result], str]:
    poster = CommentPoster(env, args.comment_rate, len(measurements) * args.rounds * (args.duration + 4) + 6, slug)
    time.sleep(2)
    results = [measurement() for measurement in measurements]
    return results, poster.result()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per measurement (at least 10)")
    parser.add_argument("--connections", type=int, default=50, help="wrk connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--rounds", type=int, default=1, help="wrk runs per server; the median one is reported")
    parser.add_argument("--comment-rate", type=float, default=20.0, help="comments posted (and approved) per second in (e) and (g)")
    parser.add_argument("--big-thread", type=int, default=741, help="comments on the story for (f741)")
    parser.add_argument("--skip-embedded", action="store_true", help="leave out (c) and (d)")
    parser.add_argument("--output", default=str(REPO / "bench" / "RESULTS-http.md"), help="where to write the results")
    args = parser.parse_args()
    command = "python bench/http.py " + " ".join(sys.argv[1:])
    args.load_before = os.getloadavg()[0]

    root = Path(tempfile.mkdtemp(prefix="quicklooks-bench-http-"))
    results: list[Result] = []
    try:
        deploy, port, production, _ = stack(root, "deploy")
        try:
            home = f"http://127.0.0.1:{port}/"
            page_path = re.search(rb'href="(/story/[^"]+/)"', fetch(home)[0]).group(1).decode()
            slug = page_path.strip("/").split("/")[-1]
            url = f"http://127.0.0.1:{port}{page_path}"
            fetch(url)
            body, headers = fetch(url)
            assert headers.get("X-Page-Cache") == "file", headers
            ceiling = static_ceiling(root, page_path, body, args)
            results.append(ceiling)
            anonymous = measure("b", "`quicklooks deploy local` (nginx + page files + gunicorn), anonymous", url, args)
            anonymous.ceiling = ceiling
            results.append(anonymous)

            cookie = signed_in_cookie(production, f"http://127.0.0.1:{port}")
            fetch(url, {"Cookie": cookie})  # the sign-in's flash message, shown and cleared
            cookie = "; ".join(part for part in cookie.split("; ") if not part.startswith("messages="))
            results.append(beside_static(
                root, page_path, reader_page(url, cookie), args, "f", "(b) for a signed-in reader, no comments (page file + SSI fragments)",
                url, headers={"Cookie": cookie}, note="a verified reader: their menu, the comment form, their comments and reactions come from the fragments",
            ))

            made = subprocess.run([PYTHON, "-c", BIG_THREAD_SCRIPT, slug, str(args.big_thread)], env=production,
                                  capture_output=True, text=True, check=True).stdout.strip()
            time.sleep(1)
            results.append(beside_static(
                root, page_path, reader_page(url, cookie), args, "f741", f"(f) with {made} comments on the story", url, headers={"Cookie": cookie},
            ))

            def anonymous_run():
                return measure("e", f"(b) while comments are posted and approved at {args.comment_rate:g}/s", url, args)

            def reader_run():
                return measure("g", f"(f) while comments are posted and approved at {args.comment_rate:g}/s", url, args, headers={"Cookie": cookie})

            before = fetch(url)[0]
            static_busy = static_ceiling(root, page_path, before, args, name="e·static", label="nginx static, the bytes of (e) at its start")
            busy, summary = while_posting(production, args, slug, [anonymous_run, reader_run])
            sent, approved, visible = (int(x) for x in summary.split())
            done = time.monotonic()
            shown = re.compile(rf'class="comment-total"[^>]*>\({visible}\)<')
            while not shown.search(fetch(url)[0].decode()) and time.monotonic() - done < 10:
                time.sleep(0.02)
            waited = time.monotonic() - done
            seen = shown.search(fetch(url)[0].decode()) is not None
            for result in busy:
                result.ceiling = static_busy
            busy[0].note = (
                f"{sent} comments posted and {approved} approved during (e) and (g); the page showed all {visible} "
                + (f"{waited * 1000:.0f} ms after the last approval" if seen else "**not within 10 s**")
            )
            results += [static_busy, *busy]
        finally:
            stop(deploy)

        two, port, production, _ = stack(root, "two-servers", "--app-servers", "2")
        try:
            url = f"http://127.0.0.1:{port}{page_path}"
            fetch(url)
            body, headers = fetch(url)
            results.append(beside_static(root, page_path, body, args, "b2", "(b) with two app servers (`--app-servers 2`), anonymous", url))
            cookie = signed_in_cookie(production, f"http://127.0.0.1:{port}")
            fetch(url, {"Cookie": cookie})
            cookie = "; ".join(part for part in cookie.split("; ") if not part.startswith("messages="))
            results.append(beside_static(root, page_path, reader_page(url, cookie), args, "f2", "(f) with two app servers", url,
                                         headers={"Cookie": cookie}))
            results[-2].note = "two gunicorn servers behind one nginx upstream, sharing the page files and the cache in the data directory"
        finally:
            stop(two)

        if not args.skip_embedded:
            results += embedded_and_floor(root, page_path, args)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    write_results(Path(args.output), results, command, args)
    return 0


def embedded_and_floor(root: Path, page_path: str, args) -> list[Result]:
    results = []
    embedded_dir = root / "embedded"
    port = free_port()
    serve = subprocess.Popen(
        [PYTHON, "-m", "quicklooks", "serve", "--port", str(port)],
        env=base_env(embedded_dir), stdout=open(root / "serve.log", "w"), stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}{page_path}"
        wait_until_serving(url, serve)
        results.append(measure("c", "`quicklooks serve` (embedded, one process)", url, args))
    finally:
        stop(serve, signal.SIGINT)
    # The floor: same data, plain Django render, no page cache.
    port = free_port()
    floor_env = base_env(embedded_dir)
    floor_env["QUICKLOOKS_PAGE_CACHE_SECONDS"] = "0"
    floor = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "quicklooks.wsgi:application", "-w", "2", "-b", f"127.0.0.1:{port}", "--no-control-socket", "--log-level", "warning"],
        env=floor_env, stdout=open(root / "floor.log", "w"), stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}{page_path}"
        wait_until_serving(url, floor)
        assert "X-Page-Cache" not in fetch(url)[1]
        results.append(measure("d", "gunicorn -w 2, uncached Django render (floor)", url, args))
    finally:
        stop(floor)
    return results


def write_results(path: Path, results: list[Result], command: str, args) -> None:
    by = {result.name: result for result in results}

    def beside(r: Result) -> str:
        if r.ceiling is None or r.ceiling is r:
            return "|"
        return f"{r.ceiling.requests_per_second:,.0f} | {r.requests_per_second / r.ceiling.requests_per_second:.0%}"

    rows = "\n".join(
        f"| ({r.name}) {r.label} | {r.requests_per_second:,.0f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | {r.errors} | {beside(r)} |"
        for r in results if r.ceiling is not r
    )
    notes = "\n".join(f"- ({r.name}): {r.note}" for r in results if r.note)

    def verdict(ok: bool) -> str:
        return "met" if ok else "**not met**"

    targets = []
    if "a" in by and "b" in by:
        share = by["b"].requests_per_second / by["a"].requests_per_second
        targets.append(f"- (b) ≥ 50% of (a): {share:.0%}, {verdict(share >= 0.5)}")
    for name in ("f", "f741", "g", "f2"):
        if name in by and "b" in by:
            share = by[name].requests_per_second / by["b"].requests_per_second
            targets.append(
                f"- ({name}) signed in ≥ 5% of anonymous (b) (aim 25%): {share:.0%}, {verdict(share >= 0.05)}; "
                f"p99 ≤ 50 ms: {by[name].p99_ms:.2f} ms, {verdict(by[name].p99_ms <= 50)}"
            )
    if "b2" in by and by["b2"].ceiling is not None:
        share = by["b2"].requests_per_second / by["b2"].ceiling.requests_per_second
        targets.append(f"- (b2) two app servers ≥ 50% of nginx static: {share:.0%}, {verdict(share >= 0.5)}")
    if "c" in by and "d" in by:
        ratio = by["c"].requests_per_second / by["d"].requests_per_second
        targets.append(f"- (c) ≥ 5× (d): {ratio:.1f}×, {verdict(ratio >= 5)}")
    # The restart results come from tests/deploy/test_reliability.py, not from
    # this script: keep that section when rewriting the table.
    kept = ""
    if path.exists():
        previous = path.read_text()
        # Hand-written sections after the table (earlier renders, restarts) stay.
        starts = [previous.find(marker) for marker in ("\n## What a miss renders", "\n## Reliability") if marker in previous]
        if starts:
            kept = previous[min(starts):]
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), "")
    path.write_text(f"""# HTTP: the story page under a breaking-news spike

Run on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, loopback.
wrk -t{args.threads} -c{args.connections} -d{args.duration}s --timeout 30s --latency against the sample story page, each server alone, after a warm-up;
{args.rounds} round(s) per server, the median round by requests/s reported.

| server | requests/s | p50 ms | p99 ms | errors | nginx static, same bytes, req/s | share of static |
|---|---:|---:|---:|---|---:|---:|
{rows}

Targets:
{chr(10).join(targets)}

{notes}

Reproduce (needs nginx and wrk, `apt-get install nginx wrk`):

    {command.strip()}

wrk, nginx, gunicorn and the site share the same {os.cpu_count()} cores, so every row is
also limited by wrk's own CPU use; the ratios between rows are the comparison.
The machine is shared: its 1-minute load average was {args.load_before:.1f} when this run started
and {os.getloadavg()[0]:.1f} when it ended.
{kept}""")
    print(f"wrote {path}")


if __name__ == "__main__":
    sys.exit(main())
