import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--no-demo", is_flag=True, help="Do not import the sample story on start.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Request threads.")
def serve(host: str, port: int, no_demo: bool, threads: int) -> None:
    """Serve the site in embedded mode: one process, SQLite, no services.

    Applies migrations, imports the sample story (unless --no-demo) and serves
    http://HOST:PORT/ until Ctrl-C.
    """
    from quicklooks.bootstrap import setup_django

    setup_django()
    from django.conf import settings
    from waitress import serve as waitress_serve

    from quicklooks.stories.demo import load_demo
    from quicklooks.wsgi import application

    if not no_demo:
        result = load_demo()
        click.echo(f"Sample story {result.outcome}: {result.story.headline}")
    click.echo(f"Data directory: {settings.DATA_DIR}")
    click.echo(f"Serving quicklooks on http://{host}:{port}/ (Ctrl-C to stop)")
    waitress_serve(application, host=host, port=port, threads=threads, ident="quicklooks", _quiet=True)
