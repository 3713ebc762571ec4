"""What the deploy tests share: ``quicklooks deploy local`` started and stopped, readers added, and a browser-like client.

Each test module used to carry its own copy of the start-up and of the
cookie-keeping client; a fix to one (a longer first render on a busy machine,
deleted cookies) then missed the others.
"""

from __future__ import annotations

import http.client
import re
import signal
import subprocess
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from tests.conftest import free_port, quicklooks_command, wait_for_page, wait_for_port

PASSWORD = "lantern harbour quiet 73"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@contextmanager
def local_stack(env: dict, log_path: Path, *options: str, timeout: float = 120, new_session: bool = False):
    """Run ``quicklooks deploy local`` on a free port until the block ends; yields ``(process, port)``.

    ``new_session`` puts the stack in a process group of its own, for tests
    that kill one of its app servers and must not take the test run with it.
    """
    port = free_port()
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [*quicklooks_command(), "deploy", "local", "--port", str(port), *options],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=new_session,
        )
        try:
            wait_for_port(port, process, timeout=timeout)
            # nginx listens last, but the app behind it may still be booting.
            wait_for_page(f"http://127.0.0.1:{port}/", process)
            yield process, port
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=90)


def production_environment(env: dict, port: int) -> dict:
    """The environment the stack's own commands run with (its database, secrets and data folder)."""
    from quicklooks.deploy.local import environment

    return environment(Path(env["QUICKLOOKS_DATA_DIR"]), port, base=env)


def add_reader(production: dict, email: str, name: str, password: str = PASSWORD) -> None:
    made = subprocess.run([*quicklooks_command(), "adduser", email, "--password", password, "--name", name],
                          env=production, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr


class Browser:
    """Keeps cookies, as a browser does, and speaks HTTP/1.1 to one port, optionally from one loopback address.

    Binding to 127.0.0.2, 127.0.0.3 … (as ``curl --interface`` would) makes
    each client a different visitor to nginx, which sets X-Forwarded-For from
    the address it saw.
    """

    def __init__(self, port: int, address: str | None = None):
        self.port, self.address, self.cookies = port, address, SimpleCookie()

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None, port: int | None = None):
        source = (self.address, 0) if self.address else None
        connection = http.client.HTTPConnection("127.0.0.1", port or self.port, timeout=30, source_address=source)
        sent = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        # A cookie the server deleted comes back empty; a browser stops sending it.
        live = {name: morsel.value for name, morsel in self.cookies.items() if morsel.value}
        if live:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in live.items())
        data = None
        if body is not None:
            data = urlencode(body)
            sent.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://127.0.0.1:{self.port}",
                         "Referer": f"http://127.0.0.1:{self.port}{path}"})
        try:
            connection.request(method, path, body=data, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
        return response.status, response.headers, text

    def post_form(self, path: str, fields: dict, headers: dict | None = None) -> tuple[int, str]:
        """GET the form for its CSRF token, then POST ``fields`` with it, as a reader filling it in would."""
        _, _, page = self.request("GET", path, headers=headers)
        token = CSRF_INPUT.search(page).group(1)
        status, _, text = self.request("POST", path, {"csrfmiddlewaretoken": token, **fields}, headers=headers)
        return status, text

    def sign_in(self, email: str, password: str = PASSWORD) -> None:
        status, _ = self.post_form("/accounts/login/", {"login": email, "password": password})
        assert status == 302, f"could not sign {email} in"
