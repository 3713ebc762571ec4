"""Restarting Redis or the app under load loses no published page and no accepted comment.

A real stack (`quicklooks deploy local`) on a private redis-server, a reader
and a signed-in commenter hammering it over HTTP, and, in the middle, Redis
restarted (empty: it keeps nothing on disk) or the app server reloaded.
Every comment the site answered with success must be in the database
afterwards, and every page request must have been answered.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.conftest import free_port, quicklooks_command
from tests.deploy.stack import local_stack, production_environment

pytestmark = pytest.mark.skipif(
    not (shutil.which("redis-server") and (shutil.which("nginx") or Path("/usr/sbin/nginx").exists())),
    reason="needs redis-server and nginx",
)
PASSWORD = "a long reliability passphrase 7"


class PrivateRedis:
    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True).stdout.strip() != "PONG":
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class Load:
    """An anonymous reader and a signed-in commenter, each in a loop, counting what they got."""

    def __init__(self, base: str, story_path: str, slug: str):
        self.base, self.story_path, self.slug = base, story_path, slug
        self.stop = threading.Event()
        self.reads: list[int | str] = []
        self.accepted: list[str] = []
        self.refused: list[tuple[str, int]] = []
        jar = http.cookiejar.CookieJar()
        self.session = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.jar = jar

    def _csrf(self) -> str:
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")

    def sign_in(self, email: str) -> None:
        page = self.session.open(self.base + "/accounts/login/", timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "login": email, "password": PASSWORD}).encode()
        request = urllib.request.Request(self.base + "/accounts/login/", data=data, headers={"Referer": self.base + "/accounts/login/"})
        self.session.open(request, timeout=10).read()
        assert any(cookie.name == "sessionid" for cookie in self.jar), "sign-in failed"
        self.session.open(self.base + self.story_path, timeout=10).read()  # sets csrftoken

    def read_loop(self) -> None:
        while not self.stop.is_set():
            try:
                # A slow answer on a loaded machine is not a lost one: the
                # timeout only catches a request that never comes back.
                with urllib.request.urlopen(self.base + self.story_path, timeout=30) as response:
                    self.reads.append(response.status)
            except urllib.error.HTTPError as error:
                self.reads.append(error.code)
            except OSError as error:
                self.reads.append(repr(error))  # what went wrong, for the failure message
            time.sleep(0.005)

    def comment_loop(self) -> None:
        number = 0
        while not self.stop.is_set():
            text = f"Reliability comment {number} {uuid.uuid4().hex[:8]}"
            number += 1
            data = urllib.parse.urlencode(
                {"csrfmiddlewaretoken": self._csrf(), "text": text, "idempotency_key": str(uuid.uuid4())}
            ).encode()
            request = urllib.request.Request(
                f"{self.base}/comments/story/{self.slug}/post/", data=data, headers={"Referer": self.base + self.story_path}
            )
            try:
                with self.session.open(request, timeout=10) as response:
                    body = response.read().decode()
                    if response.status == 200 and ("is posted" in body or "waiting for a moderator" in body or text in body):
                        self.accepted.append(text)
                    else:
                        self.refused.append((text, response.status))
            except urllib.error.HTTPError as error:
                self.refused.append((text, error.code))
            except OSError:
                self.refused.append((text, 0))
            time.sleep(0.1)


@pytest.fixture
def redis_stack(cli_env, tmp_path):
    redis = PrivateRedis(tmp_path)
    redis.start()
    env = {key: value for key, value in cli_env.items() if key not in {"DATABASE_URL"}}
    env["REDIS_URL"] = f"redis://127.0.0.1:{redis.port}/0"
    env["QUICKLOOKS_COMMENT_RATE"] = "100000/m"
    try:
        with local_stack(env, tmp_path / "deploy.log", "--no-access-log", "--celery-workers", "0") as (process, port):
            yield process, port, production_environment(env, port), redis, tmp_path / "deploy.log"
    finally:
        redis.stop()


def shell(env, code: str) -> str:
    result = subprocess.run([*quicklooks_command(), "manage", "shell", "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def make_commenter(env) -> str:
    email = "rel@example.org"
    shell(env, f"""
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from allauth.account.models import EmailAddress
user = get_user_model().objects.create_user("reliable", "{email}", "{PASSWORD}")
user.date_joined = timezone.now() - timedelta(days=90)
user.save()
EmailAddress.objects.create(user=user, email="{email}", primary=True, verified=True)
""")
    return email


def stored_comments(env) -> set[str]:
    out = shell(env, "import json\nfrom quicklooks.comments.models import Comment\nprint(json.dumps(list(Comment.objects.values_list('body', flat=True))))")
    return set(json.loads(out.strip().splitlines()[-1]))


@pytest.mark.parametrize("restart", ["redis", "app"])
def test_a_restart_under_load_loses_nothing(redis_stack, restart, capsys):
    process, port, env, redis, log = redis_stack
    base = f"http://127.0.0.1:{port}"
    home = urllib.request.urlopen(base + "/", timeout=10).read().decode()
    story_path = re.search(r'href="(/story/[^"]+/)"', home).group(1)
    slug = story_path.strip("/").split("/")[-1]
    headline = re.search(r"<h1[^>]*>([^<]+)</h1>", urllib.request.urlopen(base + story_path, timeout=10).read().decode()).group(1)

    load = Load(base, story_path, slug)
    load.sign_in(make_commenter(env))
    threads = [threading.Thread(target=load.read_loop), threading.Thread(target=load.comment_loop)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(3)
        if restart == "redis":
            redis.stop()  # everything in it is gone: it keeps nothing on disk
            time.sleep(2)
            redis.start()
        else:
            process.send_signal(signal.SIGHUP)
            time.sleep(2)
        time.sleep(3)
    finally:
        load.stop.set()
        for thread in threads:
            thread.join(timeout=30)

    stored = stored_comments(env)
    lost = [text for text in load.accepted if text not in stored]
    page = urllib.request.urlopen(base + story_path, timeout=10).read().decode()
    failed_reads = [status for status in load.reads if status != 200]
    with capsys.disabled():
        print(
            f"\n[{restart} restart] reads: {len(load.reads)}, failed: {len(failed_reads)}; "
            f"comments accepted: {len(load.accepted)}, refused: {len(load.refused)}, lost: {len(lost)}"
        )
    assert load.accepted, f"no comment was accepted at all: {load.refused[:5]}\n{log.read_text()[-2000:]}"
    assert not lost, f"accepted but not stored: {lost}"
    assert headline in page, "the published story is gone"
    assert not failed_reads, f"reads that failed during the {restart} restart: {failed_reads[:10]}"
    assert not load.refused, f"comments refused during the {restart} restart: {load.refused[:10]}"
