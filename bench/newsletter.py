"""Newsletter sending: one edition to 10,000 readers into an SMTP server on loopback.

    PYTHONPATH=src .venv/bin/python bench/newsletter.py [--readers 10000] [--database-url postgres://...] [--write]

In one run, against the same aiosmtpd server (its own process, so it never
shares a core's interpreter lock with the sender):

- **ours**: `quicklooks.newsletters.sending` sends the sample story's show
  ("Morning Edition") to every reader: a delivery row per reader, a lease,
  one commit per message before the end of its DATA, batches of
  QUICKLOOKS_NEWSLETTER_BATCH messages per connection, each reader's own
  links and headers;
- **baseline**: a bare `smtplib` loop sending the same rendered message
  (one reader's copy, bytes as ours sent them) to the same addresses, with
  the same number of messages per connection, and no database at all.

Both are checked at the server: it must have received exactly one message
per reader from each. Reports messages per second and the ratio.
Results: bench/RESULTS-newsletter.md (with --write).
"""

from __future__ import annotations

import os
import sys

# Run as a script, this folder comes first on sys.path, and bench/http.py
# would hide the standard library's http package.
sys.path[:] = [entry for entry in sys.path if os.path.realpath(entry or ".") != os.path.dirname(os.path.realpath(__file__))]

import argparse  # noqa: E402
import smtplib  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests" / "files" / "stories" / "putin-foreign-troops.txt"
SINK = r"""
import sys, threading, time
from aiosmtpd.controller import Controller
count, lock = [0], threading.Lock()
class Sink:
    async def handle_DATA(self, server, session, envelope):
        with lock:
            count[0] += len(envelope.rcpt_tos)
        return "250 2.0.0 accepted"
controller = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
path = sys.argv[2]
while True:
    with open(path + ".tmp", "w") as f:
        f.write(str(count[0]))
    import os; os.replace(path + ".tmp", path)
    time.sleep(0.1)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def received(path: Path) -> int:
    try:
        return int(path.read_text() or 0)
    except (FileNotFoundError, ValueError):
        return 0


def wait_for(path: Path, count: int, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while received(path) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.25)  # one more write of the counter: anything extra would show
    return received(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=10000)
    parser.add_argument("--database-url", default="", help="PostgreSQL for the delivery rows (default: SQLite in a temporary data directory).")
    parser.add_argument("--write", action="store_true", help="Write bench/RESULTS-newsletter.md.")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="quicklooks-bench-newsletter-"))
    port, counter = free_port(), work / "received"
    sink = subprocess.Popen([sys.executable, "-c", SINK, str(port), str(counter)])
    os.environ.update({"QUICKLOOKS_DATA_DIR": str(work / "data"), "EMAIL_URL": f"smtp://127.0.0.1:{port}",
                       "QUICKLOOKS_LOG_LEVEL": "WARNING", "DJANGO_SETTINGS_MODULE": "quicklooks.settings.embedded"})
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    try:
        rows = run(args, counter, port)
    finally:
        sink.terminate()
        sink.wait()
    report(args, rows)


def run(args, counter: Path, port: int) -> dict:
    from quicklooks.bootstrap import setup_django

    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from quicklooks.newsletters import editions, sending
    from quicklooks.newsletters.composing import Composer
    from quicklooks.newsletters.models import Delivery, Subscriber
    from quicklooks.stories.importing import import_story
    from quicklooks.text.storyformat import read_story_file

    if connection.vendor == "postgresql":
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)
    story = import_story(read_story_file(SAMPLE), source=str(SAMPLE)).story
    show = story.show
    readers = Subscriber.objects.bulk_create(
        [Subscriber(email=f"reader{i:05d}@example.org", status=Subscriber.Status.CONFIRMED, confirmed_at=timezone.now()) for i in range(args.readers)],
        batch_size=2000,
    )
    through = Subscriber.shows.through
    through.objects.bulk_create([through(subscriber_id=r.pk, show_id=show.pk) for r in readers], batch_size=2000)
    edition = editions.edition_for(show, timezone.localdate(story.published_at))
    letter = Composer(edition, editions.render(edition)).letter(readers[0])
    addresses = [reader.email for reader in readers]
    batch = settings.QUICKLOOKS_NEWSLETTER_BATCH

    def bare_loop() -> tuple[float, float]:
        started, cpu = time.perf_counter(), time.process_time()
        for first in range(0, len(addresses), batch):
            client = smtplib.SMTP("127.0.0.1", port)
            for address in addresses[first:first + batch]:
                client.sendmail(letter.sender, [address], letter.data)
            client.quit()
        return time.perf_counter() - started, time.process_time() - cpu

    load_before = os.getloadavg()
    # The baseline runs before and after ours: the machine is shared, and
    # its load changes within a run.
    bare_before = bare_loop()
    got_before = wait_for(counter, args.readers)
    started, cpu = time.perf_counter(), time.process_time()
    outcome = sending.send(edition)
    ours_seconds, ours_cpu = time.perf_counter() - started, time.process_time() - cpu
    ours_received = wait_for(counter, 2 * args.readers) - got_before
    assert outcome.sent == args.readers and outcome.finished, outcome.summary()
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == args.readers
    bare_after = bare_loop()
    total = wait_for(counter, 3 * args.readers)
    bare_seconds = (bare_before[0] + bare_after[0]) / 2
    bare_cpu = (bare_before[1] + bare_after[1]) / 2
    return {
        "readers": args.readers, "database": connection.vendor, "bytes": len(letter.data), "batch": batch,
        "ours_seconds": ours_seconds, "ours_cpu": ours_cpu, "ours_received": ours_received,
        "bare_seconds": bare_seconds, "bare_cpu": bare_cpu, "bare_received": (total - ours_received) / 2,
        "bare_each": (args.readers / bare_before[0], args.readers / bare_after[0]),
        "load": load_before, "load_after": os.getloadavg(),
    }


def report(args, rows: dict) -> None:
    n = rows["readers"]
    ours, bare = n / rows["ours_seconds"], n / rows["bare_seconds"]
    lines = [
        f"## {rows['database']}",
        "",
        "```",
        "PYTHONPATH=src .venv/bin/python bench/newsletter.py" + (f" --readers {n}" if n != 10000 else "") + (" --database-url $DATABASE_URL" if args.database_url else "") + " --write",
        "```",
        "",
        f"Database: {rows['database']}. Message: {rows['bytes']:,} bytes (the sample story, Morning Edition), "
        f"{rows['batch']} messages per SMTP connection for both. Load average before/after: "
        f"{rows['load'][0]:.2f} / {rows['load_after'][0]:.2f} on {os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        "| sender | messages/s | seconds | CPU seconds (sender) | received by the server |",
        "|---|---|---|---|---|",
        f"| **quicklooks (a row per reader, a commit before each DATA end, own links)** | **{ours:.0f}** | {rows['ours_seconds']:.1f} | {rows['ours_cpu']:.1f} | {rows['ours_received']:,} |",
        f"| bare smtplib loop, the same rendered bytes, no database (mean of a run before and one after ours: {rows['bare_each'][0]:.0f} and {rows['bare_each'][1]:.0f}/s) | {bare:.0f} | {rows['bare_seconds']:.1f} | {rows['bare_cpu']:.1f} | {rows['bare_received']:,.0f} each |",
        "",
        f"Ours runs at {ours / bare:.2f}x the bare loop's rate.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        # One section per database, each replaced by that database's latest run.
        path = REPO / "bench" / "RESULTS-newsletter.md"
        title = "# Newsletter sending: one edition into a loopback SMTP server (aiosmtpd), ours beside a bare smtplib loop\n"
        sections = {}
        if path.exists():
            for part in path.read_text().split("\n## ")[1:]:
                sections[part.split("\n", 1)[0].strip()] = "## " + part.rstrip() + "\n"
        sections[rows["database"]] = text
        path.write_text(title + "\n" + "\n".join(sections[name] for name in sorted(sections)))


if __name__ == "__main__":
    main()
