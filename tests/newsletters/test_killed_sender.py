"""A sender killed twice in the middle of a 2,000-reader send: every reader ends with exactly one message.

Real processes: each send is ``quicklooks newsletter send`` (the same
``sending.send_edition`` the worker's task runs) against a real SMTP server
on loopback, on its own database (SQLite file, or a scratch PostgreSQL
database on the PostgreSQL pass), and is killed with SIGKILL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections import Counter

from tests.conftest import quicklooks_command

READERS = 2000
SETUP = f"""
import datetime as dt
from django.utils import timezone
from quicklooks.newsletters.models import Subscriber
from quicklooks.stories.models import QuickLook, Show, Story
show = Show.objects.create(name="Morning Edition", slug="morning-edition")
story = Story.objects.create(slug="bridge", headline="Harbour bridge reopens", status="published",
                             published_at=timezone.now() - dt.timedelta(minutes=1), show=show)
QuickLook.objects.create(story=story, position=0, text="The bridge reopens after two years.")
readers = Subscriber.objects.bulk_create([Subscriber(email=f"reader{{i:04d}}@example.org", status="confirmed") for i in range({READERS})])
Through = Subscriber.shows.through
Through.objects.bulk_create([Through(subscriber_id=reader.pk, show_id=show.pk) for reader in readers])
print(timezone.localdate(story.published_at).isoformat())
"""


def _shell(env, code: str) -> str:
    result = subprocess.run([*quicklooks_command(), "manage", "shell", "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def _without_disk_flushes(url: str) -> None:
    """The scratch database commits without waiting for the disk.

    What is killed here is the sender, never PostgreSQL: a commit the server
    has acknowledged stays visible to the next sender whether or not it has
    reached the disk yet, so the test loses nothing by not waiting ~15 ms a
    message for it (production keeps synchronous commits).
    """
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'ALTER DATABASE "{name}" SET synchronous_commit TO off')


def test_a_send_killed_twice_resumes_with_no_duplicates_and_no_omissions(cli_env, smtp_server):
    mailbox, port = smtp_server
    env = {**cli_env, "EMAIL_URL": f"smtp://127.0.0.1:{port}", "QUICKLOOKS_NEWSLETTER_BATCH": "50", "QUICKLOOKS_LOG_LEVEL": "WARNING"}
    if env.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        _without_disk_flushes(env["DATABASE_URL"])
    day = _shell(env, SETUP)
    command = [*quicklooks_command(), "newsletter", "send", "morning-edition", "--date", day, "--quiet"]

    for kill_after in (400, 1100):
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 90
        while mailbox.count() < kill_after and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert process.poll() is None, f"the send ended before it could be killed: {process.communicate()}"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert mailbox.count() < READERS

    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    assert finished.returncode == 0, finished.stderr
    counts = Counter(mailbox.recipients())
    assert len(counts) == READERS
    assert set(counts.values()) == {1}, [address for address, n in counts.items() if n != 1][:10]
    # The command's own account of the whole edition, from the database.
    assert f"All of this edition's {READERS} readers so far: {READERS} sent; edition sent." in finished.stdout
