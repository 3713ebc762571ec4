"""Comment load: N logged-in readers post comments to a running server on loopback.

    .venv/bin/python bench/comments.py [--comments 2000] [--clients 20] [--rate 0]
        [--database sqlite|postgres|both] [--url http://127.0.0.1:PORT]

By default it runs the same load twice in one run, side by side: against
`quicklooks serve` on SQLite (WAL) and on PostgreSQL (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432), each on a fresh temporary data directory
and database. Every client logs in through the real allauth login form, then
posts comments through the real comment form (CSRF, idempotency key,
moderation rules, one transaction each). One POST in 25 is sent twice with the
same idempotency key, as a double-click would.

Then it checks that every comment is stored exactly once (in the database)
and readable (paging through the story's comments over HTTP), and reports
comments per second and latency percentiles. The per-reader limit of
5 comments a minute is lifted for the run (QUICKLOOKS_COMMENT_RATE=0): this
measures the write path, not the limiter.

--rate N spaces the posts to N per second in total (0: as fast as they go);
with --url it posts to an existing server instead (the page-cache benchmark
uses this to write at 20/s while it measures reads); the readers are then
created with `quicklooks adduser` against that server's database, so run it
with the same QUICKLOOKS_DATA_DIR / DATABASE_URL as the server.

Results: bench/RESULTS-comments.md (with --write-results).
"""

from __future__ import annotations

import os
import sys

# Run as a script, this folder comes first on sys.path, and bench/http.py
# would hide the standard library's http package.
sys.path[:] = [entry for entry in sys.path if os.path.realpath(entry or ".") != os.path.dirname(os.path.realpath(__file__))]

import argparse  # noqa: E402
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from tqdm import tqdm

REPO = Path(__file__).resolve().parent.parent
QUICKLOOKS = [sys.executable, "-m", "quicklooks"]
PASSWORD = "bench reader password 2026"
STORY_PATH_RE = re.compile(r'href="(/story/[^"]+/)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen | None, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode} before answering; see its output above")
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.3)
    raise SystemExit(f"no answer from {url} after {timeout:.0f}s")


def create_readers(env: dict, count: int, tag: str) -> list[str]:
    emails = [f"bench-{tag}-{n}@example.org" for n in range(count)]
    code = (
        "from quicklooks.accounts.creating import create_verified_account\n"
        f"for email in {emails!r}:\n"
        f"    create_verified_account(email, {PASSWORD!r}, name=email.split('@')[0])\n"
    )
    subprocess.run([*QUICKLOOKS, "manage", "shell", "-c", code], env=env, check=True, capture_output=True, text=True)
    return emails


def log_in(base: str, email: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{base}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "login": email, "password": PASSWORD},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=60,
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise SystemExit(f"login as {email} failed with HTTP {response.status_code}")
    return session


class Pacer:
    """Hands out send times N per second across all clients (0: no pacing)."""

    def __init__(self, rate: float):
        self.rate = rate
        self.lock = threading.Lock()
        self.next_at = time.monotonic()

    def wait(self) -> None:
        if self.rate <= 0:
            return
        with self.lock:
            at = self.next_at
            self.next_at = max(self.next_at, time.monotonic()) + 1 / self.rate
        delay = at - time.monotonic()
        if delay > 0:
            time.sleep(delay)


def run_load(base: str, emails: list[str], total: int, rate: float, tag: str) -> dict:
    story_path = STORY_PATH_RE.search(requests.get(base + "/", timeout=30).text).group(1)
    slug = story_path.strip("/").split("/")[-1]
    sessions = [log_in(base, email) for email in tqdm(emails, desc=f"{tag}: logging in", unit="reader")]
    post_url = f"{base}/comments/story/{slug}/post/"
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    pacer = Pacer(rate)
    progress = tqdm(total=total, desc=f"{tag}: posting", unit="comment")

    def client(index: int, session: requests.Session) -> None:
        page = session.get(base + story_path, timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        mine = range(index, total, len(sessions))
        for n in mine:
            key = str(uuid.uuid4())
            data = {"csrfmiddlewaretoken": token, "text": f"Bench comment {tag}-{n:05d} from reader {index}.", "idempotency_key": key}
            pacer.wait()
            started = time.perf_counter()
            response = session.post(post_url, data=data, headers={"Referer": base + story_path}, timeout=120, allow_redirects=False)
            elapsed = time.perf_counter() - started
            if n % 25 == 0:  # a double click: the same form again
                session.post(post_url, data=data, headers={"Referer": base + story_path}, timeout=120, allow_redirects=False)
            with lock:
                if response.status_code == 302:
                    latencies.append(elapsed)
                else:
                    failures.append(f"{n}: HTTP {response.status_code}")
                progress.update(1)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(sessions)) as pool:
        list(pool.map(lambda pair: client(*pair), enumerate(sessions)))
    wall = time.perf_counter() - started
    progress.close()
    latencies.sort()
    quantile = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else float("nan")  # noqa: E731
    return {
        "slug": slug,
        "posted": len(latencies),
        "failures": failures,
        "wall": wall,
        "per_second": len(latencies) / wall,
        "p50": quantile(0.50),
        "p95": quantile(0.95),
        "p99": quantile(0.99),
        "mean": statistics.fmean(latencies) * 1000 if latencies else float("nan"),
    }


def read_back(base: str, slug: str, tag: str) -> set[str]:
    """Every bench comment readable through the site's own "load more" pages."""
    seen: set[str] = set()
    offset = 0
    while True:
        html = requests.get(f"{base}/comments/story/{slug}/more/?csort=oldest&offset={offset}", headers={"HX-Request": "true"}, timeout=60).text
        found = re.findall(rf"Bench comment ({re.escape(tag)}-\d+) from", html)
        seen.update(found)
        count = html.count('class="comment"') + html.count('class="comment comment-')
        if "Load more comments" not in html or not count:
            return seen
        offset += count


def stored_bodies(database: str, data_dir: Path, database_url: str | None) -> list[str]:
    if database == "postgres":
        import psycopg

        with psycopg.connect(database_url) as conn:
            return [row[0] for row in conn.execute("SELECT body FROM comments_comment WHERE body LIKE 'Bench comment %%'")]
    with sqlite3.connect(data_dir / "quicklooks.sqlite3") as conn:
        return [row[0] for row in conn.execute("SELECT body FROM comments_comment WHERE body LIKE 'Bench comment %'")]


def check(result: dict, bodies: list[str], readable: set[str], total: int, tag: str) -> list[str]:
    problems = list(result["failures"][:5])
    keys = [re.search(r"Bench comment (\S+) from", b).group(1) for b in bodies]
    expected = {f"{tag}-{n:05d}" for n in range(total)}
    doubled = len(keys) - len(set(keys))
    missing = expected - set(keys)
    unreadable = expected - readable
    if doubled:
        problems.append(f"{doubled} comments stored twice")
    if missing:
        problems.append(f"{len(missing)} comments missing, e.g. {sorted(missing)[:3]}")
    if unreadable:
        problems.append(f"{len(unreadable)} comments not readable on the site, e.g. {sorted(unreadable)[:3]}")
    result.update({"stored": len(keys), "doubled": doubled, "missing": len(missing), "readable": len(readable & expected)})
    return problems


def bench_one(database: str, args) -> dict:
    tag = database
    data_dir = Path(tempfile.mkdtemp(prefix=f"quicklooks-bench-comments-{database}-"))
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update({"QUICKLOOKS_DATA_DIR": str(data_dir), "QUICKLOOKS_COMMENT_RATE": "0", "QUICKLOOKS_LOG_LEVEL": "WARNING"})
    database_url = None
    db_name = None
    if database == "postgres":
        import psycopg

        db_name = f"bench_comments_{os.getpid()}"
        with psycopg.connect(args.postgres + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db_name}"')
            conn.execute(f'CREATE DATABASE "{db_name}"')
        database_url = f"{args.postgres}/{db_name}"
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
    port = free_port()
    server = None
    try:
        subprocess.run([*QUICKLOOKS, "manage", "migrate", "--noinput"], env=env, check=True, capture_output=True)
        emails = create_readers(env, args.clients, tag)
        server = subprocess.Popen(
            [*QUICKLOOKS, "serve", "--port", str(port), "--threads", str(args.threads)], env=env, stdout=subprocess.DEVNULL, start_new_session=True
        )
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/", server)
        result = run_load(base, emails, args.comments, args.rate, tag)
        readable = read_back(base, result["slug"], tag)
        result["problems"] = check(result, stored_bodies(database, data_dir, database_url), readable, args.comments, tag)
        result["database"] = "SQLite (WAL)" if database == "sqlite" else "PostgreSQL"
        return result
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        if db_name:
            import psycopg

            with psycopg.connect(args.postgres + "/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        shutil.rmtree(data_dir, ignore_errors=True)


def bench_existing(args) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    tag = f"ext{os.getpid()}"
    emails = create_readers(env, args.clients, tag)
    result = run_load(args.url.rstrip("/"), emails, args.comments, args.rate, tag)
    result["database"] = "existing server"
    result["problems"] = result["failures"][:5]
    return result


def table(results: list[dict], args) -> str:
    lines = [
        "| database | comments | clients | rate limit | wall s | comments/s | p50 ms | p95 ms | p99 ms | stored once | readable |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['database']} | {r['posted']} | {args.clients} | {args.rate or 'none'} | {r['wall']:.1f} | {r['per_second']:.1f} "
            f"| {r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} | {r.get('stored', '?')} (doubled {r.get('doubled', '?')}) | {r.get('readable', '?')} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--comments", type=int, default=2000, help="how many comments to post in all (default 2000)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent logged-in readers (default 20)")
    parser.add_argument("--rate", type=float, default=0, help="posts per second in total; 0 posts as fast as possible")
    parser.add_argument("--threads", type=int, default=20, help="server request threads (default 20)")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both", help="which database to run on (default both)")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL, without the database name")
    parser.add_argument("--url", help="post to this running server instead of starting one")
    parser.add_argument("--write-results", action="store_true", help="write bench/RESULTS-comments.md")
    args = parser.parse_args()

    if args.url:
        results = [bench_existing(args)]
    else:
        databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
        results = [bench_one(db, args) for db in databases]
    report = table(results, args)
    print(report)
    problems = [f"{r['database']}: {p}" for r in results for p in r["problems"]]
    for problem in problems:
        print("PROBLEM:", problem, file=sys.stderr)
    if args.write_results:
        command = "python bench/comments.py " + " ".join(sys.argv[1:])
        (REPO / "bench" / "RESULTS-comments.md").write_text(
            "# Comments under load\n\n"
            f"Command: `{command.strip()}`\n\n"
            f"Machine: {os.cpu_count()} CPUs (shared with other work while measured), loopback HTTP, "
            "`quicklooks serve` (waitress, one process), allauth login, real comment form with CSRF and idempotency key; "
            "one POST in 25 replayed with the same key.\n\n"
            + report
            + "\n\nChecks: every comment stored exactly once (replays included) and readable through the story's "
            "comment pages. " + ("All passed." if not problems else "Problems: " + "; ".join(problems)) + "\n"
        )
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
