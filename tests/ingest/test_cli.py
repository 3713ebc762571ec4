"""`quicklooks ingest` as a user runs it: a real process, a real loopback server, an empty data directory."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.conftest import quicklooks_command


@pytest.fixture
def env(cli_env):
    # Subprocesses get their own SQLite data directory, never a shared PostgreSQL database.
    cli_env.pop("DATABASE_URL", None)
    return cli_env


def run(env, *args, timeout=120):
    return subprocess.run([*quicklooks_command(), *args], env=env, capture_output=True, text=True, timeout=timeout)


def test_ingest_a_feed_then_again(fixture_server, env):
    first = run(env, "ingest", "--allow-private", fixture_server.url("/feeds/rss.xml"))
    assert first.returncode == 0, first.stderr
    assert "Ingested: 3 added, 0 duplicate, 0 failed" in first.stdout
    assert "entry/s" in first.stderr or "entry" in first.stderr  # the progress bar
    stories = [json.loads(line) for line in run(env, "stories", "--json").stdout.splitlines()]
    # Machine-written Quick Looks: each waits on the desk for review.
    assert len(stories) == 3 and {s["status"] for s in stories} == {"review"}
    assert first.stderr.count("(needs review: the engine wrote its Quick Looks)") == 3
    assert all(s["quick_looks"] and s["quick_looks_origin"] == ["generated"] for s in stories)

    again = run(env, "ingest", "--allow-private", fixture_server.url("/feeds/rss.xml"), fixture_server.url("/feeds/atom.xml"))
    assert again.returncode == 0, again.stderr
    assert "Ingested: 1 added, 4 duplicate, 0 failed" in again.stdout
    assert "near-identical" in again.stderr


def test_malformed_feed_exits_non_zero_with_the_reason(fixture_server, env):
    result = run(env, "ingest", "--allow-private", fixture_server.url("/feeds/malformed.xml"))
    assert result.returncode == 2
    assert "malformed" in result.stderr and "Traceback" not in result.stderr


def test_loopback_needs_allow_private(fixture_server, env):
    result = run(env, "ingest", fixture_server.url("/feeds/rss.xml"))
    assert result.returncode == 2
    assert "--allow-private" in result.stderr
    assert sum(fixture_server.requests.values()) == 0


def test_page_with_no_article_and_missing_path(fixture_server, env, tmp_path):
    result = run(env, "ingest", "--allow-private", fixture_server.url("/no-article.html"), str(tmp_path / "nope.txt"))
    assert result.returncode == 2
    assert "no article found" in result.stderr
    assert "no such file or folder" in result.stderr
    assert "0 added, 0 duplicate, 1 failed" in result.stdout
