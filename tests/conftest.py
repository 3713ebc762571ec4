"""Shared fixtures. Core tests under tests/text never touch Django or these."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest_plugins = ["tests.playwright_fixtures"]

FILES = Path(__file__).parent / "files"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def files_dir() -> Path:
    return FILES


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


@pytest.fixture
def cli_env(tmp_path) -> dict[str, str]:
    """Environment for running `quicklooks` in a subprocess on an empty data directory."""
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env["QUICKLOOKS_DATA_DIR"] = str(tmp_path / "data")
    return env
