import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--no-demo", is_flag=True, help="Do not import the sample story on start.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Request threads.")
@click.option(
    "--no-worker",
    is_flag=True,
    help="Do not start the background worker (ingest, Quick Looks, scheduled publishing); run `quicklooks worker` yourself.",
)
def serve(host: str, port: int, no_demo: bool, threads: int, no_worker: bool) -> None:
    """Serve the site in embedded mode: one process, SQLite, no services.

    Applies migrations, imports the sample story (unless --no-demo), starts
    the background worker beside the site (unless --no-worker) and serves
    http://HOST:PORT/ until Ctrl-C.
    """
    import os

    from quicklooks.bootstrap import setup_django

    # Feeds, sitemaps, canonical links and exports are absolute on the base
    # URL; unless one is configured it is where this server listens (the
    # worker started below inherits it).
    os.environ.setdefault("QUICKLOOKS_BASE_URL", listening_url(host, port))
    setup_django()
    from django.conf import settings
    from waitress import serve as waitress_serve

    from quicklooks.stories.demo import load_demo
    from quicklooks.wsgi import application

    if not no_demo:
        result = load_demo()
        click.echo(f"Sample story {result.outcome}: {result.story.headline}")
    click.echo(f"Data directory: {settings.DATA_DIR}")
    worker = None if no_worker else _start_worker()
    click.echo(f"Serving quicklooks on http://{host}:{port}/ (Ctrl-C to stop)")
    try:
        waitress_serve(application, host=host, port=port, threads=threads, ident="quicklooks", _quiet=True)
    finally:
        if worker is not None:
            _stop_worker(worker)


def listening_url(host: str, port: int) -> str:
    """The address readers reach a server on HOST:PORT by: a wildcard host means this machine."""
    if host in ("", "0.0.0.0", "::", "[::]"):
        host = "127.0.0.1"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address in a URL
    return f"http://{host}:{port}"


WORKER_LOCK_WAIT = 20.0
"""Seconds a starting server waits for a previous worker on the same data directory to finish stopping
(``QUICKLOOKS_WORKER_LOCK_WAIT`` overrides it)."""


def _worker_lock(data_dir):
    """An open file holding an exclusive lock on the data directory's worker lock, or None.

    The lock file is inherited by the worker, so the lock lasts exactly as
    long as a worker for this data directory is alive, whatever happened to
    the server that started it: a restart (or a second server on the same
    data directory) finds it held and does not start a second worker.
    """
    import fcntl
    import time

    handle = open(data_dir / "worker.lock", "a+")  # noqa: SIM115 (handed to the worker)
    import os

    deadline = time.monotonic() + float(os.environ.get("QUICKLOOKS_WORKER_LOCK_WAIT", WORKER_LOCK_WAIT))
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return handle
        except BlockingIOError:
            if time.monotonic() >= deadline:
                handle.close()
                return None
            time.sleep(0.2)


def _die_with_parent() -> None:
    """In the worker: get SIGTERM when the server dies, even by SIGKILL (Linux's PR_SET_PDEATHSIG)."""
    import ctypes
    import signal

    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)
    except OSError:
        pass


def _start_worker():
    """Run `quicklooks worker` as a child process: the same Celery worker production runs, on the file queue.

    A child process rather than a thread: Celery's worker wants its own
    signals and main thread, and a crash in a job must not take the site down.
    It runs in a process group of its own, which is stopped whole when the
    server stops, and it gets SIGTERM from the kernel if the server is killed
    outright, so no worker outlives its server. One worker per data
    directory: see _worker_lock.
    """
    import atexit
    import signal
    import subprocess
    import sys

    from django.conf import settings

    lock = _worker_lock(settings.DATA_DIR)
    pid_file = settings.DATA_DIR / "worker.pid"
    if lock is None:
        running = pid_file.read_text().strip() if pid_file.exists() else "unknown"
        click.echo(
            f"A background worker for {settings.DATA_DIR} is already running (pid {running}); not starting a second one. "
            "Stop the other `quicklooks serve` first, or pass --no-worker.",
            err=True,
        )
        return None
    log = open(settings.DATA_DIR / "worker.log", "ab")
    worker = subprocess.Popen(
        [sys.executable, "-m", "quicklooks", "worker", "--pool", "solo", "--loglevel", "WARNING"],
        stdout=log,
        stderr=log,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=_die_with_parent,
        pass_fds=(lock.fileno(),),
    )
    log.close()
    lock.close()  # the worker holds it now
    pid_file.write_text(f"{worker.pid}\n")
    atexit.register(_stop_worker, worker)
    # SIGTERM (systemd, `timeout`, a test) should stop the worker too, not orphan it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGHUP, lambda *_: sys.exit(0))
    click.echo(f"Background worker started (pid {worker.pid}); its log is {settings.DATA_DIR / 'worker.log'}")
    return worker


def _stop_worker(worker) -> None:
    """Stop the worker's whole process group (Celery's beat runs in a child of its own)."""
    import os
    import signal
    import subprocess

    def signal_group(sig) -> None:
        try:
            os.killpg(worker.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    if worker.poll() is None:
        signal_group(signal.SIGTERM)
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            signal_group(signal.SIGKILL)
            worker.wait()
    signal_group(signal.SIGKILL)  # anything of the group left behind
