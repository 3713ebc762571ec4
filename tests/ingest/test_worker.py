"""A real Celery worker, started as `quicklooks worker`, in embedded mode (files as the broker) and on Redis.

Each test runs its own worker process on its own SQLite data directory; the
test talks to the same database through short `python -c` scripts, as a
second process would.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid

import pytest

from tests.conftest import quicklooks_command


@pytest.fixture
def env(cli_env):
    cli_env.pop("DATABASE_URL", None)
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "QUICKLOOKS_TASKS_EAGER"):
        cli_env.pop(name, None)
    cli_env["QUICKLOOKS_QUEUE"] = f"test-{uuid.uuid4().hex[:8]}"
    return cli_env


def script(env, code: str, timeout: float = 120) -> dict:
    """Run ``code`` with Django set up in a separate process; it sets ``result`` to something JSON."""
    program = "from quicklooks.bootstrap import setup_django\nsetup_django()\nresult = None\n" + textwrap.dedent(code) + "\nprint('RESULT=' + __import__('json').dumps(result))\n"
    done = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    line = [row for row in done.stdout.splitlines() if row.startswith("RESULT=")][-1]
    return json.loads(line.removeprefix("RESULT="))


STATE = """
from quicklooks.stories.models import Story
from quicklooks.ingest.models import Provenance, MinHashBand


def missing(s):
    parts = {
        "provenance": hasattr(s, "provenance"),
        "blocks": s.blocks.exists(),
        "quick looks": s.quick_looks.exists(),
        "16 bands": MinHashBand.objects.filter(story=s).count() == 16,
    }
    return [name for name, present in parts.items() if not present]


stories = list(Story.objects.all())
result = {
    "stories": len(stories),
    "published": sum(1 for s in stories if s.status == "published"),
    # Each story that lacks a part, and which parts: a killed worker must never leave one.
    "incomplete": [[s.headline, missing(s)] for s in stories if s.source.startswith("http") and missing(s)],
    "urls": sorted(Provenance.objects.values_list("url", flat=True)),
}
"""


def start_worker(env, *extra) -> subprocess.Popen:
    return subprocess.Popen(
        [*quicklooks_command(), "worker", "--pool", "solo", "--loglevel", "INFO", *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(os.path.join(env["QUICKLOOKS_DATA_DIR"], f"worker-{time.monotonic_ns()}.log"), "w")
        if os.path.isdir(env["QUICKLOOKS_DATA_DIR"]) else subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so the test can kill worker and beat together
    )


def stop(worker: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)


def wait_for(env, predicate, timeout: float = 90, what: str = "") -> dict:
    deadline = time.monotonic() + timeout
    while True:
        state = script(env, STATE)
        if predicate(state):
            return state
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}: {state}")
        time.sleep(1)


def add_source(env, url: str) -> int:
    return script(env, f"""
        from quicklooks.ingest.models import Source
        result = Source.objects.create(name="wire", kind="feed", url={url!r}, allow_private=True).pk
    """)


def poll(env, source_id: int) -> None:
    script(env, f"""
        from quicklooks.celery import enqueue
        from quicklooks.ingest.tasks import poll_source_task
        enqueue(poll_source_task, {source_id})
    """)


def test_embedded_worker_polls_a_source_and_publishes_on_schedule(fixture_server, env):
    source_id = add_source(env, fixture_server.url("/feeds/rss.xml"))
    scheduled = script(env, """
        from datetime import timedelta
        from django.utils import timezone
        from quicklooks.stories.demo import load_demo
        from quicklooks.stories.models import Story
        from quicklooks.desk import workflow
        story = load_demo().story
        workflow.unpublish(story)
        when = timezone.now() + timedelta(seconds=8)
        workflow.schedule(story, when)
        result = when.timestamp()
    """)
    worker = start_worker(env)
    try:
        poll(env, source_id)
        state = wait_for(env, lambda s: s["stories"] >= 4 and s["published"] == 1, what="3 ingested + 1 scheduled")
        assert state["incomplete"] == []
        published_at = script(env, "from quicklooks.stories.models import Story\nresult = Story.objects.get(status='published').published_at.timestamp()")
        assert scheduled <= published_at < scheduled + 20, "the worker publishes on time (ETA, with a 15 s sweep behind it)"
        poll(env, source_id)
        time.sleep(4)
        assert script(env, STATE)["stories"] == 4, "polling again adds nothing"
        report = script(env, f"from quicklooks.ingest.models import Source\ns = Source.objects.get(pk={source_id})\nresult = [s.last_added, s.last_error, s.last_polled_at is not None]")
        assert report == [0, "", True]
    finally:
        stop(worker)


def test_killed_worker_leaves_nothing_partial_and_the_rerun_completes(fixture_server, env):
    total = 30
    source_id = add_source(env, fixture_server.url(f"/feeds/paced-{total}.xml"))
    worker = start_worker(env)
    try:
        poll(env, source_id)
        wait_for(env, lambda s: s["stories"] >= 4, what="a few stories before the kill")
    finally:
        stop(worker, signal.SIGKILL)
    state = script(env, STATE)
    assert 4 <= state["stories"] < total, "killed mid-run"
    assert state["incomplete"] == [], "every stored story is whole"

    worker = start_worker(env)
    try:
        poll(env, source_id)  # in embedded mode the lost entry tasks come back with the next poll
        state = wait_for(env, lambda s: s["stories"] >= total, what="every entry after the rerun")
        time.sleep(2)
        state = script(env, STATE)
    finally:
        stop(worker)
    assert state["stories"] == total and state["incomplete"] == []
    assert len(set(state["urls"])) == total


def redis_available() -> bool:
    import redis

    try:
        return redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.skipif(not redis_available(), reason="Redis is not running on 127.0.0.1:6379")
def test_redis_worker_redelivers_a_task_killed_mid_flight(fixture_server, env):
    env["REDIS_URL"] = "redis://127.0.0.1:6379/3"
    env["CELERY_VISIBILITY_TIMEOUT"] = "5"
    source_id = add_source(env, fixture_server.url("/feeds/slow.xml"))
    worker = start_worker(env, "--no-beat")
    try:
        poll(env, source_id)
        deadline = time.monotonic() + 60
        while fixture_server.requests["/slow.html"] == 0:
            assert time.monotonic() < deadline, "the worker never fetched the slow page"
            time.sleep(0.1)
    finally:
        stop(worker, signal.SIGKILL)  # mid-fetch: the task was received but never acknowledged
    assert script(env, STATE)["stories"] == 0

    worker = start_worker(env, "--no-beat")
    try:
        state = wait_for(env, lambda s: s["stories"] == 1, timeout=90, what="the redelivered task")
    finally:
        stop(worker)
    assert state["incomplete"] == []
    assert fixture_server.requests["/slow.html"] >= 2, "the task ran again"


@pytest.fixture(autouse=True)
def forget_test_queue(env):
    """Leave nothing of this test's queue in Redis."""
    yield
    if redis_available():
        import redis

        client = redis.Redis.from_url("redis://127.0.0.1:6379/3")
        for key in client.scan_iter(f"*{env['QUICKLOOKS_QUEUE']}*"):
            client.delete(key)
