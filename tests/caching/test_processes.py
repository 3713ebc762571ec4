"""Fresh pages across processes: `quicklooks serve` runs, another process changes content, the next request shows it.

Real processes on one data directory, as a newsroom runs embedded mode: the
server (with its page cache on, as shipped), and `quicklooks import` run
beside it. The review gate is seen from outside too: a story whose Quick
Looks the engine wrote is not on the site until someone publishes it.
"""

from __future__ import annotations

import subprocess
import urllib.error
import urllib.request

import pytest

from tests.conftest import free_port, quicklooks_command, wait_for_port

NIGHT_BUS = "City Opens Night Bus Routes"
FLOOD_WALL = "Harbour Council Approves Flood Wall Budget"


def fetch(url: str) -> tuple[int, str, dict]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


@pytest.fixture
def served(cli_env, tmp_path):
    cli_env.pop("QUICKLOOKS_PAGE_CACHE_SECONDS", None)  # the page cache on, as shipped (600 s)
    port = free_port()
    log = open(tmp_path / "serve.log", "w+")
    server = subprocess.Popen(
        [*quicklooks_command(), "serve", "--port", str(port), "--no-worker"], env=cli_env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        wait_for_port(port, server, timeout=180)
        yield cli_env, f"http://127.0.0.1:{port}", tmp_path / "serve.log"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def run(env, *args) -> subprocess.CompletedProcess:
    done = subprocess.run([*quicklooks_command(), *args], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def test_an_import_in_another_process_shows_on_the_next_request(served, files_dir):
    env, base, _log = served
    status, home, _ = fetch(base + "/")
    assert status == 200 and "Putin" in home and NIGHT_BUS not in home
    _, _, headers = fetch(base + "/")
    assert headers.get("X-Page-Cache") == "hit", "the home page is cached between requests"

    run(env, "import", str(files_dir / "stories" / "no-show.txt"))
    _, home, headers = fetch(base + "/")
    assert NIGHT_BUS in home, "the CLI's import shows on the very next request"
    assert headers.get("X-Page-Cache") != "hit"


def test_generated_quick_looks_stay_off_the_site_until_published(served, files_dir):
    env, base, _log = served
    fetch(base + "/")  # cache the home page
    done = run(env, "import", str(files_dir / "stories" / "no-quick-looks.txt"))
    assert "needs review" in done.stderr and "waiting for review" in done.stdout
    _, home, _ = fetch(base + "/")
    assert FLOOD_WALL not in home, "held for review: not on the site"
    listed = run(env, "stories", "--json").stdout
    assert '"status": "review"' in listed

    done = run(env, "import", "--publish", str(files_dir / "stories" / "no-quick-looks.txt"))
    _, home, _ = fetch(base + "/")
    assert FLOOD_WALL in home, "--publish overrides the gate, and the server shows it at once"
    assert '"publish_overrides": [{"channel": "command"' in run(env, "stories", "--json").stdout


def test_a_publish_in_a_worker_process_shows_on_the_next_request(served, files_dir):
    """The worker publishes (a scheduled story coming due) in a process of its own; the server hears of it at once."""
    import sys

    env, base, _log = served
    run(env, "import", str(files_dir / "stories" / "no-quick-looks.txt"))
    fetch(base + "/")
    _, home, _ = fetch(base + "/")
    assert FLOOD_WALL not in home
    program = (
        "from quicklooks.bootstrap import setup_django\nsetup_django()\n"
        "from datetime import timedelta\nfrom django.utils import timezone\n"
        "from quicklooks.desk import workflow\nfrom quicklooks.desk.models import Schedule\nfrom quicklooks.stories.models import Story\n"
        "story = Story.objects.get(status='review')\n"
        "Schedule.objects.create(story=story, publish_at=timezone.now() - timedelta(seconds=1))\n"
        "assert workflow.publish_due() == 1\n"
    )
    done = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    _, home, _ = fetch(base + "/")
    assert FLOOD_WALL in home, "the scheduled publish, made in another process, shows on the next request"


def test_staff_pages_send_anonymous_visitors_to_log_in_without_a_traceback(served):
    _env, base, log = served
    for path in ("/desk/", "/desk/sources/", "/topics/anything/edit/"):
        request = urllib.request.Request(base + path)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            opener.open(request, timeout=30)
            raise AssertionError(f"{path} answered without a redirect")
        except urllib.error.HTTPError as error:
            assert error.code == 302 and "/accounts/login/" in error.headers["Location"], path
    assert "Traceback" not in log.read_text()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
