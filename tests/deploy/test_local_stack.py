"""`quicklooks deploy local`: the production stack starts, serves, sees edits, and stops cleanly."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import quicklooks_command
from tests.deploy.stack import local_stack

pytestmark = pytest.mark.skipif(not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists(), reason="nginx is not installed")


def descendants(pid: int) -> set[int]:
    """Every process below ``pid``, read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    still = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            still.add(pid)
    return still


def get(url: str, **headers) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read().decode()


@pytest.fixture
def stack(cli_env, tmp_path):
    env = {key: value for key, value in cli_env.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    with local_stack(env, tmp_path / "deploy.log", timeout=90) as (process, port):
        yield process, port, env, tmp_path / "deploy.log"


def story_path(port: int) -> str:
    _, _, home = get(f"http://127.0.0.1:{port}/")
    start = home.index('href="/story/') + len('href="')
    return home[start : home.index('"', start)]


def test_serves_pages_from_files_and_sees_an_edit_at_once(stack):
    process, port, env, _ = stack
    path = story_path(port)
    url = f"http://127.0.0.1:{port}{path}"
    first = get(url)
    second = get(url)
    assert first[0] == second[0] == 200
    assert second[1]["X-Page-Cache"] == "file"
    assert second[2] == first[2]
    # Static files come from collectstatic's output through nginx.
    css = next(line for line in first[2].splitlines() if "stylesheet" in line)
    css_path = css.split('href="', 1)[1].split('"', 1)[0]
    status, headers, _ = get(f"http://127.0.0.1:{port}{css_path}")
    assert status == 200 and "immutable" in headers["Cache-Control"]

    # The desk publishes an edit (a Quick Looks bullet) from another process.
    from quicklooks.deploy.local import environment

    production = environment(Path(env["QUICKLOOKS_DATA_DIR"]), port, base=env)
    edit = (
        "from quicklooks.stories.models import QuickLook\n"
        "bullet = QuickLook.objects.get(text__startswith='Russia launches 157 drones')\n"
        "bullet.text = bullet.text.replace('launches', 'launched')\n"
        "bullet.save()\n"
    )
    edited = subprocess.run(
        [*quicklooks_command(), "manage", "shell", "-c", edit], env=production, capture_output=True, text=True, timeout=120
    )
    assert edited.returncode == 0, edited.stderr

    # The very next reader sees it, from a page file rendered before the swap.
    status, headers, page = get(url)
    assert "Russia launched 157 drones" in page
    assert headers["X-Page-Cache"] == "file"


def test_personal_requests_go_to_the_app(stack):
    process, port, env, _ = stack
    path = story_path(port)
    get(f"http://127.0.0.1:{port}{path}")
    status, headers, _ = get(f"http://127.0.0.1:{port}{path}", Cookie="sessionid=not-a-real-session")
    assert status == 200
    assert headers.get("X-Page-Cache") != "file"
    assert "private" in headers["Cache-Control"]


@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT", "SIGKILL"])
def test_stops_without_orphans(stack, how):
    process, port, env, log = stack
    children = descendants(process.pid)
    assert len(children) >= 4, f"expected nginx, gunicorn and the clock under the supervisor, got {children}"
    process.send_signal(getattr(signal, how))
    process.wait(timeout=60)
    deadline = time.monotonic() + 30
    while alive(children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive(children), f"left running after {how}: {alive(children)}\n{log.read_text()}"
    if how != "SIGKILL":
        assert process.returncode == 0
        assert "Stopped at" in log.read_text()
