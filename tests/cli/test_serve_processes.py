"""`quicklooks serve` and its worker: a killed server leaves no worker behind, and a data directory gets one worker."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time

import pytest

from tests.conftest import free_port, quicklooks_command, wait_for_port
from tests.deploy.test_local_stack import alive, descendants


def start_serve(env: dict) -> tuple[subprocess.Popen, int, list[str]]:
    port = free_port()
    process = subprocess.Popen(
        [*quicklooks_command(), "serve", "--port", str(port), "--no-demo"], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith("Serving quicklooks"):
            break
    wait_for_port(port, process, timeout=60)
    return process, port, lines


def worker_pid(lines: list[str]) -> int | None:
    found = next((re.search(r"worker started \(pid (\d+)\)", line) for line in lines if "worker started" in line), None)
    return int(found.group(1)) if found else None


def workers_of(data_dir: str) -> set[int]:
    """Live `quicklooks worker` processes whose environment names this data directory."""
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            command = open(f"/proc/{entry}/cmdline", "rb").read().split(b"\0")
            environ = open(f"/proc/{entry}/environ", "rb").read().split(b"\0")
        except OSError:
            continue
        if b"worker" in command and b"quicklooks" in command and f"QUICKLOOKS_DATA_DIR={data_dir}".encode() in environ:
            found.add(int(entry))
    found = alive(found)
    # A worker's own children (Celery's beat) are part of it, not workers of their own.
    return {pid for pid in found if not any(pid in descendants(other) for other in found)}


def wait_until(check, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return check()


@pytest.fixture
def env(cli_env):
    return {**cli_env, "PYTHONUNBUFFERED": "1", "QUICKLOOKS_WORKER_LOCK_WAIT": "3"}


def test_a_killed_server_leaves_no_worker_behind(env):
    process, _, lines = start_serve(env)
    worker = worker_pid(lines)
    assert worker, "".join(lines)
    wait_until(lambda: len(descendants(worker)) > 0, timeout=20)  # Celery's beat under the worker
    family = {worker, *descendants(worker)}
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert wait_until(lambda: not alive(family)), f"still running after kill -9 of serve: {alive(family)}"


def test_a_second_server_on_the_data_directory_starts_no_second_worker(env):
    first, _, first_lines = start_serve(env)
    second = None
    try:
        assert worker_pid(first_lines)
        second, port, second_lines = start_serve(env)
        assert worker_pid(second_lines) is None, "".join(second_lines)
        assert any("already running" in line for line in second_lines), "".join(second_lines)
        assert len(workers_of(env["QUICKLOOKS_DATA_DIR"])) == 1
    finally:
        for process in (second, first):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=30)
    assert wait_until(lambda: not workers_of(env["QUICKLOOKS_DATA_DIR"])), "a worker outlived its server"


def test_a_restart_after_a_kill_has_one_worker(env):
    process, _, lines = start_serve(env)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    again, _, again_lines = start_serve({**env, "QUICKLOOKS_WORKER_LOCK_WAIT": "20"})
    try:
        assert worker_pid(again_lines), "".join(again_lines)
        assert wait_until(lambda: len(workers_of(env["QUICKLOOKS_DATA_DIR"])) == 1)
    finally:
        again.send_signal(signal.SIGTERM)
        again.wait(timeout=30)
    assert wait_until(lambda: not workers_of(env["QUICKLOOKS_DATA_DIR"]))
