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


def _start_worker():
    """Run `quicklooks worker` as a child process: the same Celery worker production runs, on the file queue.

    A child process rather than a thread: Celery's worker wants its own
    signals and main thread, and a crash in a job must not take the site down.
    """
    import atexit
    import signal
    import subprocess
    import sys

    from django.conf import settings

    log = open(settings.DATA_DIR / "worker.log", "ab")
    worker = subprocess.Popen(
        [sys.executable, "-m", "quicklooks", "worker", "--pool", "solo", "--loglevel", "WARNING"],
        stdout=log,
        stderr=log,
    )
    atexit.register(_stop_worker, worker)
    # SIGTERM (systemd, `timeout`, a test) should stop the worker too, not orphan it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    click.echo(f"Background worker started (pid {worker.pid}); its log is {settings.DATA_DIR / 'worker.log'}")
    return worker


def _stop_worker(worker) -> None:
    import subprocess

    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
