"""Signed-in readers through real nginx: one page file for everyone, each reader's parts by SSI; two app servers.

The stack is ``quicklooks deploy local --app-servers 2`` on PostgreSQL and
Redis (127.0.0.1:5432 and :6379, as in CI), skipped only when one of them
does not answer. Readers sign in through nginx and read the story as a
browser would; nothing in between is simulated.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import (
    _scratch_postgres_database,
    free_port,
    quicklooks_command,
    wait_for_port,
)
from tests.deploy.stack import (
    CSRF_INPUT,
    Browser,
    add_reader,
    local_stack,
    production_environment,
)

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed (apt-get install nginx)")
needs_services = pytest.mark.skipif(
    not (_answers(5432) and _answers(6379)), reason="PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) is not reachable"
)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if not (_answers(5432) and _answers(6379)):
        pytest.skip("PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) is not reachable")
    home = tmp_path_factory.mktemp("two-servers")
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env["QUICKLOOKS_DATA_DIR"] = str(home / "data")
    # A Redis database of its own, so the generation is not another test's.
    env["REDIS_URL"] = f"redis://127.0.0.1:6379/{random.randrange(8, 16)}"
    with _scratch_postgres_database(os.environ.get("DATABASE_URL", "").strip() or POSTGRES) as database:
        env["DATABASE_URL"] = database
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
        log_path = home / "deploy.log"
        options = ("--app-servers", "2", "--app-workers", "1", "--celery-workers", "0")
        with local_stack(env, log_path, *options, timeout=180, new_session=True) as (process, port):
            production = production_environment(env, port)
            for email, name in (("ada@example.org", "Ada Reader"), ("ben@example.org", "Ben Reader")):
                add_reader(production, email, name)
            app_ports = [int(found) for found in re.findall(r"App server: gunicorn \d, .* on 127\.0\.0\.1:(\d+)", log_path.read_text())]
            assert len(app_ports) == 2, log_path.read_text()
            yield {"port": port, "app_ports": app_ports, "env": production, "log": log_path, "process": process}


def story_path(port: int) -> str:
    _, _, home = Browser(port).request("GET", "/")
    return re.search(r'href="(/story/[^"]+/)"', home).group(1)


def read_as(browser: Browser, path: str):
    """The story page the second time: the first one also clears the sign-in's flash message."""
    browser.request("GET", path)
    return browser.request("GET", path)


@needs_services
def test_each_reader_gets_their_own_parts_by_ssi_and_the_page_file_has_none(stack):
    port = stack["port"]
    path = story_path(port)
    anonymous = Browser(port)
    anonymous.request("GET", path)
    status, headers, shared = anonymous.request("GET", path)
    assert status == 200 and headers["X-Page-Cache"] == "file"
    assert "<!--# include virtual=" in shared and "csrfmiddlewaretoken" not in shared

    ada, ben = Browser(port), Browser(port)
    ada.sign_in("ada@example.org")
    ben.sign_in("ben@example.org")
    pages = {}
    for name, browser in (("ada", ada), ("ben", ben)):
        status, headers, page = read_as(browser, path)
        assert status == 200
        assert headers["X-Page-Cache"] == "file+reader", "a signed-in reader is served the page file, with SSI"
        assert "private" in headers["Cache-Control"]
        assert "<!--#" not in page
        pages[name] = page
    assert "Ada Reader" in pages["ada"] and "Ben Reader" not in pages["ada"]
    assert "Ben Reader" in pages["ben"] and "Ada Reader" not in pages["ben"]
    ada_tokens, ben_tokens = set(CSRF_INPUT.findall(pages["ada"])), set(CSRF_INPUT.findall(pages["ben"]))
    assert ada_tokens and ben_tokens and not ada_tokens & ben_tokens
    assert 'class="comment-form"' in pages["ada"]

    # Ada posts with the token her fragment gave her, and only she gets Edit.
    form = pages["ada"][pages["ada"].index('class="comment-form"'):]
    key = re.search(r'name="idempotency_key" value="([^"]+)"', form).group(1)
    action = re.search(r'action="([^"]+)"', pages["ada"][pages["ada"].rindex("<form", 0, pages["ada"].index('class="comment-form"')):]).group(1)
    status, headers, _ = ada.request("POST", action, {"text": "Ada writes through nginx's stitched form.", "idempotency_key": key,
                                                      "csrfmiddlewaretoken": CSRF_INPUT.search(form).group(1)})
    assert status == 302, "the CSRF token from the fragment is accepted"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        _, _, ben_page = read_as(ben, path)
        if "Ada writes through nginx" in ben_page:
            break
        time.sleep(0.1)
    assert "Ada writes through nginx" in ben_page
    _, _, ada_page = read_as(ada, path)
    edit_links = set(re.findall(r'href="(/comments/\d+/edit/)"', ada_page))
    assert edit_links and not edit_links & set(re.findall(r'href="(/comments/\d+/edit/)"', ben_page))


@needs_services
def test_a_story_edit_shows_through_both_app_servers_on_the_next_request(stack):
    port, app_ports = stack["port"], stack["app_ports"]
    path = story_path(port)
    for app_port in app_ports:  # each server has the page in the shared cache
        assert Browser(port).request("GET", path + "?csort=oldest", port=app_port)[0] == 200
    edit = (
        "from quicklooks.stories.models import Story\n"
        f"story = Story.objects.get(slug={path.strip('/').split('/')[-1]!r})\n"
        "story.standfirst = 'Seen through both servers at once.'\n"
        "story.save()\n"
    )
    edited = subprocess.run([*quicklooks_command(), "manage", "shell", "-c", edit], env=stack["env"], capture_output=True, text=True, timeout=120)
    assert edited.returncode == 0, edited.stderr
    # The edit commits and bumps the generation before the command returns,
    # so the very next request through either server, or the page file, has it.
    for app_port in app_ports:
        assert "Seen through both servers at once." in Browser(port).request("GET", path + "?csort=oldest", port=app_port)[2]
    status, headers, page = Browser(port).request("GET", path)
    assert "Seen through both servers at once." in page


@needs_services
def test_killing_one_app_server_under_load_loses_no_request(stack):
    port, app_ports = stack["port"], stack["app_ports"]
    path = story_path(port)
    reader = Browser(port)
    reader.sign_in("ben@example.org")
    read_as(reader, path)
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in reader.cookies.items() if morsel.value)
    # Requests nginx must send to an app server: a query string (the shared
    # page from the app) and a reader's fragments.
    targets = [(path + "?csort=newest", ""), (path + "?csort=oldest", cookie)]
    results: list[int | str] = []
    stop = threading.Event()

    def load():
        number = 0
        while not stop.is_set():
            target, cookies = targets[number % 2]
            number += 1
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                connection.request("GET", target, headers={"Cookie": cookies} if cookies else {})
                response = connection.getresponse()
                response.read()
                results.append(response.status)
            except (OSError, http.client.HTTPException) as error:
                # A refused or dropped connection, and a body cut short (IncompleteRead).
                results.append(repr(error))
            finally:
                connection.close()

    threads = [threading.Thread(target=load) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    victim = _listener_pid(app_ports[1])
    os.killpg(os.getpgid(victim), signal.SIGKILL)
    time.sleep(3)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    failed = [result for result in results if result != 200]
    assert len(results) > 20
    # nginx moves a request to the other server when the dead one refuses it
    # or dies before its response begins. A response the dead server had
    # begun when it was killed cannot be moved: nginx has committed to it
    # (and under SSI has nothing sent yet, so the client sees the connection
    # close). Those, and only those, may fail; nginx logs each one.
    begun = _responses_cut_off(Path(stack["env"]["QUICKLOOKS_DATA_DIR"]) / "logs" / "nginx-error.log", app_ports[1])
    retryable = len(failed) - min(len(failed), begun)
    assert retryable == 0, (
        f"{len(failed)} of {len(results)} requests failed, {begun} of them cut off mid-response: {failed[:5]}"
    )
    # At most one response in flight per load thread when the server died.
    assert begun <= len(threads)
    # The supervisor starts the dead server again; the site never went down.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not _answers(app_ports[1]):
        time.sleep(0.5)
    assert _answers(app_ports[1]), stack["log"].read_text()[-2000:]
    assert "starting it again" in stack["log"].read_text()


def _responses_cut_off(error_log: Path, app_port: int) -> int:
    """Responses from ``app_port`` that nginx had begun to read when the server died (from nginx's error log)."""
    return sum(
        1
        for line in error_log.read_text().splitlines()
        if "while reading upstream" in line and f"upstream: \"http://127.0.0.1:{app_port}/" in line
    )


def _listener_pid(port: int) -> int:
    """The gunicorn master listening on ``port``, from /proc (its workers share the socket)."""
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1].endswith(f":{port:04X}") and fields[3] == "0A":
            inode = fields[9]
            break
    assert inode, f"nothing listens on {port}"
    owners = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if any(os.readlink(fd) == f"socket:[{inode}]" for fd in (entry / "fd").iterdir()):
                owners.append(int(entry.name))
        except OSError:
            continue
    assert owners, f"no process owns the socket on {port}"
    return min(owners)


def test_nginx_shows_the_anonymous_part_when_the_fragment_endpoint_is_down(tmp_path):
    """nginx alone, its app port closed: a reader's page still renders, with Login links in place of the fragment."""
    from quicklooks.caching.stitching import fragment_url, include_point
    from quicklooks.deploy.local import _user_for_nginx
    from quicklooks.deploy.nginx import NginxSite, command, write_config

    site = NginxSite(data_dir=tmp_path / "site", app_port=free_port(), listen=f"127.0.0.1:{free_port()}", access_log=False,
                     user=_user_for_nginx())
    config = write_config(site)
    menu = include_point("account", fragment_url("/_reader/account/", "/story/down/", "1-ab"), '<a href="/accounts/login/">Login</a>')
    live = site.pages_dir / "g1-test"
    (live / "story" / "down").mkdir(parents=True)
    (live / "story" / "down" / "index.html").write_text(f"<!doctype html><header>{menu}</header><main>The story.</main>")
    os.symlink("g1-test", site.pages_dir / "current")
    nginx = subprocess.Popen(command(config, site), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port = int(site.listen.rsplit(":", 1)[1])
        wait_for_port(port, nginx)
        reader = Browser(port)
        reader.cookies.load("sessionid=a-session; csrftoken=a-token")
        status, headers, page = reader.request("GET", "/story/down/")
        assert status == 200 and headers["X-Page-Cache"] == "file+reader"
        assert '<header><a href="/accounts/login/">Login</a></header>' in page and "The story." in page
        assert "<!--#" not in page
        # Without a session the file is served as it is, and browsers show the same Login link.
        status, headers, raw = Browser(port).request("GET", "/story/down/")
        assert headers["X-Page-Cache"] == "file" and '<a href="/accounts/login/">Login</a>' in raw
    finally:
        nginx.send_signal(signal.SIGQUIT)
        nginx.wait(timeout=30)
