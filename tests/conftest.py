"""Shared fixtures. Core tests under tests/text never touch Django or these, but for ``parses``, which is pure."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

pytest_plugins = ["tests.playwright_fixtures"]

FILES = Path(__file__).parent / "files"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def files_dir() -> Path:
    return FILES


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """Every text the text core parses while the test runs: a counting wrapper around the real parse.

    A story analysed once appears once; its headline and Quick Looks, read
    as their own text by the topics, appear as that text.
    """
    from quicklooks.text import document

    texts: list[str] = []
    real = document._build

    def counting(text, *args, **kwargs):
        texts.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(document, "_build", counting)
    return texts


@pytest.fixture
def fresh_story_file(files_dir, tmp_path) -> Path:
    """A copy of a story file that arrives without Quick Looks, with a word no other test's copy has.

    The text core keeps its last analyses for the whole test run; a word of
    its own makes this story's first analysis happen in the test.
    """
    path = tmp_path / "flood-wall.txt"
    text = (files_dir / "stories" / "no-quick-looks.txt").read_text(encoding="utf-8")
    path.write_text(text.replace("concrete flood wall", f"concrete flood wall, contract {uuid.uuid4().hex[:8]},"),
                    encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def quicklooks_command() -> list[str]:
    """The installed console script, run with this interpreter's environment."""
    return [sys.executable, "-m", "quicklooks"]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early with code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listened on port {port} within {timeout}s")


def wait_for_page(url: str, process: subprocess.Popen, timeout: float = 120.0) -> None:
    """Wait until ``url`` answers 200: a port that is open may still be behind a cold first render.

    On a machine busy with other work the first page of a fresh stack (worker
    imports, an empty page cache) can take longer than one request's timeout.
    """
    import urllib.request

    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                if response.status == 200:
                    return
        except OSError as error:  # URLError, timeouts and refused connections
            last = error
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer 200 within {timeout}s (last error: {last})")


@pytest.fixture
def cli_env(tmp_path):
    """Environment for running `quicklooks` in a subprocess on an empty data directory.

    On the PostgreSQL pass (DATABASE_URL set) each test gets a database of its
    own, made empty on the same server and dropped afterwards, so commands run
    on PostgreSQL as they would in production and never see another test's rows.
    """
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env["QUICKLOOKS_DATA_DIR"] = str(tmp_path / "data")
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield env
        return
    with _scratch_postgres_database(url) as scratch_url:
        env["DATABASE_URL"] = scratch_url
        yield env


@contextlib.contextmanager
def _scratch_postgres_database(url: str):
    import psycopg

    parts = urlsplit(url)
    name = f"quicklooks_cli_{uuid.uuid4().hex[:12]}"
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
