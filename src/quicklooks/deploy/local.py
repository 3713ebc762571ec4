"""``quicklooks deploy local``: the production stack on this machine, supervised.

SIGHUP restarts the app server's workers gracefully (new code, new
settings) while nginx keeps accepting requests.

Starts, in order: the database schema and static files (migrate,
collectstatic, the sample story), the app server (gunicorn, several
workers), Celery workers (when a Redis broker is configured), the
publication clock, and nginx in front. Every child runs in its own session
so Ctrl-C reaches the supervisor alone, which then stops them front to back
(nginx first, so no request arrives at a stopping app), waits for each, and
kills what does not stop in time. Children also get SIGTERM from the kernel
if the supervisor itself dies, so a killed supervisor leaves no orphans.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

from quicklooks.settings.environment import kept_secret
from quicklooks.deploy.nginx import NginxSite, command as nginx_command, write_config

PR_SET_PDEATHSIG = 1
STOP_TIMEOUT = 15.0


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the supervisor dies, however it dies."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:
        pass


def secret_key(data_dir: Path) -> str:
    """The production secret key for local trials, made once and kept in the data directory."""
    return kept_secret(data_dir / "secret_key.production")


def environment(data_dir: Path, port: int, base: dict[str, str] | None = None) -> dict[str, str]:
    """Production settings, adjusted for plain HTTP on loopback (see docs/deployment.md)."""
    env = dict(os.environ if base is None else base)
    env.update(
        DJANGO_SETTINGS_MODULE="quicklooks.settings.production",
        QUICKLOOKS_DATA_DIR=str(data_dir),
        QUICKLOOKS_PAGE_FILES_DIR=str(data_dir / "pages"),
        SECRET_KEY=env.get("SECRET_KEY") or secret_key(data_dir),
        ALLOWED_HOSTS=env.get("ALLOWED_HOSTS") or "127.0.0.1,localhost,[::1]",
        CSRF_TRUSTED_ORIGINS=env.get("CSRF_TRUSTED_ORIGINS") or f"http://127.0.0.1:{port},http://localhost:{port}",
        QUICKLOOKS_BASE_URL=env.get("QUICKLOOKS_BASE_URL") or f"http://127.0.0.1:{port}",
        # There is no TLS on a loopback trial: redirecting to https, secure-only
        # cookies and HSTS would make the site unusable at http://127.0.0.1.
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        SECURE_HSTS_PRELOAD="0",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="0",
    )
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, name: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with code {process.returncode} before listening; see its log in the data directory's logs/.")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"{name} did not listen on port {port} within {timeout:.0f}s")


@dataclass
class Child:
    name: str
    process: subprocess.Popen
    stop_signal: int = signal.SIGTERM


@dataclass
class Stack:
    """The running processes, front (nginx) last in the list, stopped in reverse."""

    children: list[Child] = field(default_factory=list)
    clock_stop: threading.Event = field(default_factory=threading.Event)

    def start(self, name: str, argv: list[str], env: dict[str, str], log: Path, stop_signal: int = signal.SIGTERM) -> Child:
        handle = open(log, "ab")  # noqa: SIM115 (kept open for the child's life)
        process = subprocess.Popen(
            argv, env=env, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True, preexec_fn=_die_with_parent,
        )
        handle.close()
        child = Child(name, process, stop_signal)
        self.children.append(child)
        return child

    def exited(self) -> Child | None:
        return next((child for child in self.children if child.process.poll() is not None), None)

    def stop(self, echo: Callable[[str], None]) -> None:
        self.clock_stop.set()
        for child in reversed(self.children):
            if child.process.poll() is None:
                echo(f"Stopping {child.name} (pid {child.process.pid})")
                try:
                    child.process.send_signal(child.stop_signal)
                except ProcessLookupError:
                    pass
        for child in reversed(self.children):
            try:
                child.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                echo(f"{child.name} did not stop in {STOP_TIMEOUT:.0f}s: killing its process group")
                try:
                    os.killpg(child.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                child.process.wait()


def prepare(env: dict[str, str], *, demo: bool, echo: Callable[[str], None]) -> None:
    """Migrate, collect static files and publish the sample story, in a child process.

    A child, so this supervisor never holds a database connection or
    Django's settings while the stack runs.
    """
    script = (
        "from quicklooks.bootstrap import setup_django\n"
        "setup_django(migrate=False)\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', interactive=False, verbosity=0)\n"
        "call_command('collectstatic', interactive=False, verbosity=0)\n"
        f"if {demo!r}:\n"
        "    from quicklooks.stories.demo import load_demo\n"
        "    print('Sample story', load_demo().outcome)\n"
        "from quicklooks.caching import invalidate\n"
        "invalidate()\n"
    )
    echo("Preparing: migrate, collectstatic" + (", sample story" if demo else ""))
    subprocess.run([sys.executable, "-c", script], env=env, check=True)


def clock_script() -> list[str]:
    """The publication clock: bumps the page generation when a scheduled story goes out."""
    script = (
        "import signal, sys, time\n"
        "signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))\n"
        "from quicklooks.bootstrap import setup_django\n"
        "setup_django(migrate=False)\n"
        "from django.db import close_old_connections\n"
        "from django.utils import timezone\n"
        "from quicklooks.caching.releases import release_due\n"
        "since = timezone.now()\n"
        "while True:\n"
        "    time.sleep(1)\n"
        "    now = timezone.now()\n"
        "    close_old_connections()\n"
        "    try:\n"
        "        release_due(since)\n"
        "        since = now\n"
        "    except Exception as error:\n"
        "        print('publication clock:', error, flush=True)\n"
    )
    return [sys.executable, "-c", script]


def gunicorn_command(port: int, options: "LocalOptions") -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "quicklooks.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(options.app_workers),
        "--worker-class", "gthread", "--threads", str(options.app_threads),
        "--keep-alive", "75",
        "--graceful-timeout", "10",
        "--access-logfile", "-" if options.access_log else "/dev/null",
        "--name", f"quicklooks-{port}",
        # Its default control socket is one path per user: two stacks would share it.
        "--no-control-socket",
    ]


def _user_for_nginx() -> str:
    """Run as root, nginx's workers would become nobody: keep them as us, who own the data directory."""
    if os.geteuid() != 0:
        return ""
    import pwd

    return pwd.getpwuid(os.geteuid()).pw_name


@dataclass(frozen=True)
class LocalOptions:
    data_dir: Path
    port: int
    app_workers: int = 2
    app_threads: int = 4
    # Independent gunicorn servers behind one nginx upstream, as separate
    # machines would be: they share only the database, the cache (Redis, or
    # the file cache in the data directory) and the page files.
    app_servers: int = 1
    celery_workers: int = 1
    demo: bool = True
    access_log: bool = True


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def run(options: LocalOptions, echo: Callable[[str], None] = print) -> int:
    """Start the stack, wait for Ctrl-C/SIGTERM or a child's death, stop it. Returns the exit code."""
    if not port_is_free(options.port):
        echo(f"error: port {options.port} on 127.0.0.1 is already in use; choose another with --port.")
        return 1
    data_dir = options.data_dir.resolve()
    env = environment(data_dir, options.port)
    app_ports = [free_port() for _ in range(options.app_servers)]
    site = NginxSite(
        data_dir=data_dir, app_port=app_ports[0], listen=f"127.0.0.1:{options.port}", access_log=options.access_log,
        user=_user_for_nginx(), more_app_servers=tuple(str(port) for port in app_ports[1:]),
    )
    site.make_directories()
    logs = site.logs_dir

    stack = Stack()
    stopping = threading.Event()

    def on_signal(signum, frame):
        stopping.set()

    reload = threading.Event()

    def on_hangup(signum, frame):
        reload.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    previous[signal.SIGHUP] = signal.signal(signal.SIGHUP, on_hangup)
    code = 0
    try:
        echo(f"Data directory: {data_dir}")
        echo("Database: " + ("PostgreSQL (DATABASE_URL)" if env.get("DATABASE_URL") else "SQLite in the data directory"))
        echo("Cache: " + ("Redis (REDIS_URL)" if env.get("REDIS_URL") else "files in the data directory (no REDIS_URL)"))
        prepare(env, demo=options.demo, echo=echo)
        if stopping.is_set():
            return 0
        servers = []
        for number, app_port in enumerate(app_ports, start=1):
            name = "gunicorn" if len(app_ports) == 1 else f"gunicorn {number}"
            log = "gunicorn.log" if len(app_ports) == 1 else f"gunicorn-{number}.log"
            servers.append(stack.start(name, gunicorn_command(app_port, options), env, logs / log))
        for server, app_port in zip(servers, app_ports):
            wait_for_port(app_port, server.process, server.name)
            echo(f"App server: {server.name}, {options.app_workers} workers x {options.app_threads} threads on 127.0.0.1:{app_port}")
        if env.get("REDIS_URL") or env.get("CELERY_BROKER_URL"):
            for number in range(options.celery_workers):
                argv = [sys.executable, "-m", "quicklooks", "worker", "--concurrency", "1"]
                if number > 0:
                    argv.append("--no-beat")  # one schedule for the whole stack
                stack.start(f"celery worker {number + 1}", argv, env, logs / f"worker-{number + 1}.log")
            echo(f"Workers: {options.celery_workers} Celery worker(s) on the Redis broker")
        else:
            echo("Workers: none (background jobs need a broker: set REDIS_URL)")
        stack.start("publication clock", clock_script(), env, logs / "clock.log")
        config = write_config(site)
        nginx = stack.start("nginx", nginx_command(config, site), env, logs / "nginx.log", stop_signal=signal.SIGQUIT)
        wait_for_port(options.port, nginx.process, "nginx")
        echo(f"Serving quicklooks (production stack) on http://127.0.0.1:{options.port}/ (Ctrl-C to stop)")
        while not stopping.is_set():
            if reload.is_set():
                reload.clear()
                # gunicorn starts new workers, then retires the old ones once
                # their requests are answered: a restart without a refused request.
                echo("Reloading the app servers (SIGHUP)")
                for server in servers:
                    server.process.send_signal(signal.SIGHUP)
            dead = stack.exited()
            if dead is not None and dead in servers and len(servers) > 1:
                # One of several app servers died: nginx already sends its
                # requests to the others; start it again rather than stop the site.
                number = servers.index(dead)
                echo(f"{dead.name} exited with code {dead.process.returncode}; starting it again")
                place = stack.children.index(dead)
                stack.children.remove(dead)
                log = f"gunicorn-{number + 1}.log"
                servers[number] = stack.start(dead.name, gunicorn_command(app_ports[number], options), env, logs / log)
                stack.children.insert(place, stack.children.pop())  # stopped in its turn, after nginx
                continue
            if dead is not None:
                echo(f"{dead.name} exited with code {dead.process.returncode}; stopping the stack. See {logs}.")
                code = 1
                break
            stopping.wait(0.5)
    except (RuntimeError, TimeoutError, subprocess.CalledProcessError, FileNotFoundError) as error:
        echo(f"error: {error}")
        code = 1
    finally:
        stack.stop(echo)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        echo(f"Stopped at {datetime.now():%H:%M:%S}")
    return code
