"""Ingest throughput: stories per second, ours beside the baseline, in one run.

    .venv/bin/python bench/ingest.py [--files 1000] [--entries 1000] [--write-results]
    .venv/bin/python bench/ingest.py --files 1000 --entries 0 --src ../other-checkout/src   # another checkout's code

1. Importing N story files from a folder:
   baseline `quicklooks import FOLDER/*` (the foundation's importer: parse,
   Quick Looks, store) beside ours, `quicklooks ingest FOLDER` (the same, plus
   provenance, exact and MinHash near-duplicate checks and LSH bands).
   Each command runs under `bench/text_clock.py`, which times the text core's
   engines (analysis, Quick Looks, facts, topic features) inside the same
   process, so each row gives the text work per story and the overhead per
   story (everything else the command spent: database writes, search index,
   topics, cache, provenance, dedupe, start-up) from the same run.
2. Ingesting a feed of N entries from a loopback server (each entry's page
   fetched, extracted with trafilatura, deduplicated, Quick Looks written):
   - baseline: `quicklooks ingest --allow-private FEED`, one process, no queue;
   - embedded mode: one `quicklooks worker` on the file-system queue;
   - Celery on Redis (127.0.0.1:6379) with 1 worker and with 2 workers.
   The clock runs from queueing the poll until every entry is stored.

Every run starts on a fresh SQLite data directory. Results: bench/RESULTS-ingest.md.
`--src` runs the quicklooks found in another source folder (PYTHONPATH), to
measure two checkouts with the same corpus and the same clock in one sitting.
"""

from __future__ import annotations

import os
import sys

# Run as a script, bench/ comes first on sys.path and bench/http.py would hide the standard library's http.
HERE = os.path.dirname(os.path.realpath(__file__))
sys.path[:] = [p for p in sys.path if os.path.realpath(p or ".") != HERE]
REPO = os.path.dirname(HERE)
sys.path.insert(0, REPO)

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import sqlite3  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import textwrap  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

from tests.ingest.server import FixtureServer, generated_article  # noqa: E402

PYTHON = sys.executable
QUICKLOOKS = [PYTHON, "-m", "quicklooks"]
TEXT_CLOCK = os.path.join(HERE, "text_clock.py")
SOURCE: str | None = None  # --src: the quicklooks to run, when not this checkout's


def environment(data_dir: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE"}}
    env["QUICKLOOKS_DATA_DIR"] = str(data_dir)
    env["QUICKLOOKS_QUEUE"] = f"bench-{uuid.uuid4().hex[:8]}"
    env["QUICKLOOKS_LOG_LEVEL"] = "WARNING"
    if SOURCE:
        env["PYTHONPATH"] = SOURCE
    env.update(extra)
    return env


def fresh(env: dict) -> None:
    """Migrate the new data directory before the clock starts."""
    subprocess.run([*QUICKLOOKS, "stories"], env=env, check=True, capture_output=True)


def count(data_dir: Path, table: str) -> int:
    with sqlite3.connect(data_dir / "quicklooks.sqlite3", timeout=30) as db:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def story_files(folder: Path, n: int) -> list[Path]:
    import re

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        html = generated_article(i)
        headline = f"Report number {i} from the district"
        paragraphs = re.findall(r"<p>(.*?)</p>", html)
        # A full meta line (headline, outlet, dateline, author, standfirst) and no
        # Quick Looks of its own, so the engine writes them for every story.
        meta = f"{headline}/ Generated Times/ DISTRICT {i}/ Staff Reporter/ What district {i} heard this week."
        text = f"{meta}\n\nDeep Look: {headline}\n" + "\n".join(paragraphs) + "\n"
        path = folder / f"story-{i:05d}.txt"
        path.write_text(text)
        paths.append(path)
    return paths


def timed(command: list[str], env: dict) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command[:4])} failed:\n{done.stderr[-2000:]}")
    return elapsed


def bench_files(n: int, work: Path) -> tuple[list[tuple[str, int, float]], list[dict]]:
    """Both file commands, each under the text clock: (throughput rows, per-story split rows)."""
    folder = work / "stories"
    paths = story_files(folder, n)
    rows, splits = [], []
    for label, command in (
        ("baseline: quicklooks import FILES (no dedupe)", ["import", "--draft", *map(str, paths)]),
        ("ours: quicklooks ingest FOLDER (provenance + MinHash dedupe)", ["ingest", str(folder)]),
    ):
        data = Path(tempfile.mkdtemp(prefix="bench-ingest-", dir=work))
        env = environment(data)
        fresh(env)
        clock_file = data / "text-clock.json"
        elapsed = timed([PYTHON, TEXT_CLOCK, "--clock-file", str(clock_file), *command], env)
        stored = count(data, "stories_story")
        assert stored == n, f"{label}: stored {stored} of {n}"
        clock = json.loads(clock_file.read_text())
        rows.append((label, stored, elapsed))
        splits.append(split(label, stored, elapsed, clock))
        print(f"{label}: {stored} stories in {elapsed:.1f}s = {stored / elapsed:.1f}/s; "
              f"text {splits[-1]['text_ms']:.1f} ms + overhead {splits[-1]['overhead_ms']:.1f} ms per story", flush=True)
    return rows, splits


def split(label: str, stories: int, elapsed: float, clock: dict) -> dict:
    """Per story: the text core's time, measured inside the run, and everything else the run spent."""
    per = 1000 / stories
    return {
        "label": label,
        "total_ms": elapsed * per,
        "text_ms": clock["text"] * per,
        "overhead_ms": (elapsed - clock["text"]) * per,
        # The command's start-up (interpreter, Django, migrations check) up to the first story's text work,
        # paid once per run whatever its size; the overhead without it is what each further story costs.
        "startup_s": clock["startup"] + (elapsed - clock["wall"]),
        "overhead_after_startup_ms": (elapsed - clock["text"] - clock["startup"] - (elapsed - clock["wall"])) * per,
        # The main thread's CPU time outside the text core (start-up included): what other work on the machine
        # moves least. Not the process's: the BLAS threads spin on after each product while the main thread writes.
        "overhead_cpu_ms": (clock["thread_cpu"] - clock["text_thread_cpu"]) * per,
        "engines_ms": {engine: seconds * per for engine, seconds in clock["engines"].items()},
    }


def run_workers(env: dict, workers: int) -> list[subprocess.Popen]:
    return [
        subprocess.Popen([*QUICKLOOKS, "worker", "--pool", "solo", "--no-beat", "--loglevel", "WARNING"], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(workers)
    ]


def bench_feed(n: int, work: Path, server: FixtureServer, redis_url: str) -> list[tuple[str, int, float]]:
    feed = server.url(f"/feeds/generated-{n}.xml")
    rows = []
    data = Path(tempfile.mkdtemp(prefix="bench-feed-", dir=work))
    env = environment(data)
    fresh(env)
    elapsed = timed([*QUICKLOOKS, "ingest", "--allow-private", feed], env)
    stored = count(data, "ingest_provenance")
    rows.append(("baseline: quicklooks ingest FEED, one process, no queue", stored, elapsed))
    print(f"{rows[-1][0]}: {stored} in {elapsed:.1f}s = {stored / elapsed:.1f}/s", flush=True)

    modes = [("embedded: 1 worker, file-system queue", {}, 1)]
    modes += [(f"Celery on Redis: {k} worker{'s' if k > 1 else ''}", {"REDIS_URL": redis_url}, k) for k in (1, 2)]
    for label, extra, workers in modes:
        data = Path(tempfile.mkdtemp(prefix="bench-feed-", dir=work))
        env = environment(data, **extra)
        fresh(env)
        source_id = subprocess.run(
            [PYTHON, "-c", textwrap.dedent(f"""
                from quicklooks.bootstrap import setup_django; setup_django()
                from quicklooks.ingest.models import Source
                print(Source.objects.create(name="bench", kind="feed", url={feed!r}, allow_private=True).pk)
            """)], env=env, capture_output=True, text=True, check=True).stdout.strip()
        processes = run_workers(env, workers)
        try:
            time.sleep(4)  # let the workers connect before the clock starts
            started = time.perf_counter()
            subprocess.run([PYTHON, "-c", textwrap.dedent(f"""
                from quicklooks.bootstrap import setup_django; setup_django()
                from quicklooks.celery import enqueue
                from quicklooks.ingest.tasks import poll_source_task
                enqueue(poll_source_task, {source_id})
            """)], env=env, check=True)
            deadline = started + 1800
            while (stored := count(data, "ingest_provenance")) < n:
                if time.perf_counter() > deadline:
                    raise SystemExit(f"{label}: only {stored} of {n} after 30 minutes")
                time.sleep(0.25)
            elapsed = time.perf_counter() - started
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=60)
        rows.append((label, stored, elapsed))
        print(f"{label}: {stored} in {elapsed:.1f}s = {stored / elapsed:.1f}/s", flush=True)
        if "REDIS_URL" in extra:
            import redis

            client = redis.Redis.from_url(redis_url)
            for key in client.scan_iter(f"*{env['QUICKLOOKS_QUEUE']}*"):
                client.delete(key)
    return rows


def split_table(splits: list[dict]) -> str:
    engines = list(splits[0]["engines_ms"]) if splits else []
    lines = ["| run | total | text work | overhead | start-up (s, once) | overhead after start-up | overhead, CPU | "
             + " | ".join(engines) + " |",
             "|---|---:|---:|---:|---:|---:|---:|" + "---:|" * len(engines)]
    for row in splits:
        lines.append(
            f"| {row['label']} | {row['total_ms']:.1f} | {row['text_ms']:.1f} | **{row['overhead_ms']:.1f}** | "
            f"{row['startup_s']:.1f} | {row['overhead_after_startup_ms']:.1f} | {row['overhead_cpu_ms']:.1f} | "
            + " | ".join(f"{row['engines_ms'][e]:.1f}" for e in engines) + " |"
        )
    return "\n".join(lines)


def table(rows) -> str:
    lines = ["| run | stories | seconds | stories/s |", "|---|---:|---:|---:|"]
    lines += [f"| {label} | {n} | {seconds:.1f} | {n / seconds:.1f} |" for label, n, seconds in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000, help="story files to import")
    parser.add_argument("--entries", type=int, default=1000, help="feed entries to ingest")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5", help="Redis broker URL for the Celery runs")
    parser.add_argument("--write-results", action="store_true", help="write bench/RESULTS-ingest.md")
    parser.add_argument("--src", default=None,
                        help="run the quicklooks in this source folder instead of this checkout's (e.g. a base worktree's src)")
    args = parser.parse_args()
    global SOURCE
    SOURCE = os.path.realpath(args.src) if args.src else None

    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        work = Path(tmp)
        file_rows, splits = bench_files(args.files, work) if args.files else ([], [])
        feed_rows = []
        if args.entries:
            with FixtureServer() as server:
                feed_rows = bench_feed(args.entries, work, server, args.redis)

    command = f".venv/bin/python bench/ingest.py --files {args.files} --entries {args.entries} --write-results"
    if SOURCE:
        command += f" --src {SOURCE}"
    report = f"""# Ingest throughput

Reproduce: `{command}`

Machine: {platform.machine()}, {os.cpu_count()} cores shared with other work, Python {platform.python_version()}, SQLite (WAL) in a fresh data directory per run; loopback HTTP server (`tests/ingest/server.py`).
"""
    if file_rows:
        report += f"""
## Importing {args.files} story files

{table(file_rows)}

Per story, in milliseconds, from the same runs: the text work is timed inside each
process (`bench/text_clock.py`: analysis, Quick Looks, facts, topic features, each
call's own time), the overhead is the rest of the run's wall time. Start-up is
the process's start until the first story reaches the text core, paid once per
run; "overhead after start-up" is what each story costs beyond its text work;
"overhead, CPU" is the main thread's CPU time outside the text core (start-up
included), which other work on a shared machine moves far less than wall time.

{split_table(splits)}
"""
    if feed_rows:
        report += f"""
## Ingesting a feed of {args.entries} entries (each page fetched, extracted, deduplicated, Quick Looks written)

{table(feed_rows)}

The queue runs time from queueing the poll (one task, which fans out one task per entry) until the last entry is stored.
"""
    print(report)
    if args.write_results:
        Path(HERE, "RESULTS-ingest.md").write_text(report)


if __name__ == "__main__":
    main()
