import click


@click.command("worker")
@click.option("--concurrency", "-c", default=1, show_default=True, type=click.IntRange(1, 64), help="Tasks run at once.")
@click.option("--beat/--no-beat", default=True, show_default=True, help="Also run the schedule: poll saved sources, publish stories on time.")
@click.option("--loglevel", default="INFO", show_default=True, type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]), help="How much the worker logs.")
@click.option("--pool", default="prefork", show_default=True, type=click.Choice(["prefork", "threads", "solo"]), help="How tasks run: child processes, threads or one at a time in this process.")
def worker(concurrency: int, beat: bool, loglevel: str, pool: str) -> None:
    """Run background jobs: ingest, Quick Looks generation, scheduled publishing.

    In embedded mode the queue is a folder in the data directory and nothing
    else needs to run; `quicklooks serve` starts one of these for you. In
    production set REDIS_URL and run one or more workers (only one with
    --beat). Stop with Ctrl-C; a task cut off mid-way runs again.
    """
    from quicklooks.bootstrap import setup_django

    setup_django()
    from quicklooks.celery import ready_app, require_broker

    require_broker()
    app = ready_app()
    argv = ["worker", f"--loglevel={loglevel}", f"--concurrency={concurrency}", f"--pool={pool}", "--without-gossip", "--without-mingle"]
    if beat:
        argv.append("--beat")
    app.worker_main(argv)
