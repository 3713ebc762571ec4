"""The production stack behind real nginx: rate limits see each client, and every response carries the security headers.

Clients are bound to different loopback addresses (127.0.0.2, 127.0.0.3), as
``curl --interface`` would, and reach the site through nginx, which sets
X-Forwarded-For from the address it saw. Before, every visitor counted as
127.0.0.1: ten bad logins from one address locked out everyone.
"""

from __future__ import annotations

import os
import re
import shutil
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from tests.deploy.stack import (
    PASSWORD,
    Browser,
    add_reader,
    local_stack,
    production_environment,
)

pytestmark = pytest.mark.skipif(not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists(), reason="nginx is not installed")
SIGNUPS_PER_HOUR = 3


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    home = tmp_path_factory.mktemp("behind-nginx")
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "REDIS_URL"}}
    env["QUICKLOOKS_DATA_DIR"] = str(home / "data")
    env["QUICKLOOKS_SIGNUP_RATE"] = f"{SIGNUPS_PER_HOUR}/h/ip"
    with local_stack(env, home / "deploy.log") as (_, port):
        add_reader(production_environment(env, port), "known@example.org", "Known Reader")
        yield port, Path(env["QUICKLOOKS_DATA_DIR"])


def login(client: Browser, email: str, password: str, headers: dict | None = None) -> str:
    """"signed in", "refused" (the failed-login limit) or "wrong" (a plain bad password)."""
    status, page = client.post_form("/accounts/login/", {"login": email, "password": password}, headers)
    if status == 302:
        return "signed in"
    if status == 429 or "Too many failed login attempts" in page:
        return "refused"
    return "wrong"


def test_bad_logins_from_one_address_do_not_lock_out_another(stack):
    port, _ = stack
    attacker, reader = Browser(port, "127.0.0.2"), Browser(port, "127.0.0.3")
    # Made-up accounts each time: only the per-address limit (10 a minute) counts them.
    statuses = [login(attacker, f"guess{n}@example.org", "wrong password") for n in range(10)]
    assert statuses == ["wrong"] * 10, statuses
    # allauth applies the limit when the password is right: the attacker's address is refused ...
    assert login(attacker, "known@example.org", PASSWORD) == "refused"
    # ... a forged X-Forwarded-For does not make it someone else ...
    assert login(Browser(port, "127.0.0.2"), "known@example.org", PASSWORD, {"X-Forwarded-For": "203.0.113.9"}) == "refused"
    # ... and a correct login from another address goes through.
    assert login(reader, "known@example.org", PASSWORD) == "signed in"


def test_signups_from_one_address_do_not_block_another(stack):
    port, _ = stack
    flood, newcomer = Browser(port, "127.0.0.4"), Browser(port, "127.0.0.5")

    def signup(client: Browser, n: str) -> int:
        client.cookies = SimpleCookie()
        return client.post_form("/accounts/signup/", {"email": f"new{n}@example.org", "display_name": f"Newcomer {n}",
                                                      "password1": PASSWORD, "password2": PASSWORD})[0]

    statuses = [signup(flood, f"{n}") for n in range(SIGNUPS_PER_HOUR + 1)]
    assert statuses[:SIGNUPS_PER_HOUR] == [302] * SIGNUPS_PER_HOUR and statuses[-1] == 429, statuses
    assert signup(newcomer, "elsewhere") == 302


SECURITY = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


def assert_security_headers(headers, where: str, csp: str = "default-src"):
    for name, value in SECURITY.items():
        assert headers.get(name) == value, f"{where}: {name} is {headers.get(name)!r}"
    assert csp in (headers.get("content-security-policy") or ""), f"{where}: no CSP"
    assert "camera=()" in (headers.get("permissions-policy") or ""), f"{where}: no Permissions-Policy"


def test_static_media_and_page_files_carry_the_security_headers(stack):
    port, data_dir = stack
    client = Browser(port, "127.0.0.6")
    status, headers, home = client.request("GET", "/")
    assert status == 200
    status, headers, home = client.request("GET", "/")  # the second answer comes from nginx's page file
    assert headers.get("X-Page-Cache") == "file"
    assert_security_headers(headers, "page file")
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    css = re.search(r'href="(/static/[^"]+\.css)"', home).group(1)
    status, headers, _ = client.request("GET", css)
    assert status == 200 and "immutable" in headers["Cache-Control"]
    assert_security_headers(headers, "static")
    (data_dir / "media").mkdir(exist_ok=True)
    (data_dir / "media" / "upload.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    status, headers, _ = client.request("GET", "/media/upload.svg")
    assert status == 200
    assert_security_headers(headers, "media", csp="sandbox")
    # The app's own answers (a personal request) carry them too.
    client.cookies.load("sessionid=not-a-session")
    status, headers, _ = client.request("GET", "/")
    assert headers.get("X-Page-Cache") != "file"
    assert_security_headers(headers, "app")
