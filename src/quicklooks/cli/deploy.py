"""``quicklooks deploy``: the nginx configuration and the local production stack."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click


def _data_dir(value: str | None) -> Path:
    return Path(value or os.environ.get("QUICKLOOKS_DATA_DIR", "quicklooks-data")).resolve()


@click.group()
def deploy() -> None:
    """Run quicklooks in production: nginx in front, gunicorn, workers, Redis, PostgreSQL.

    See docs/deployment.md for embedded, production and scale-out set-ups.
    """


@deploy.command("nginx-config")
@click.option("--data-dir", metavar="DIR", help="Data directory holding pages/, static/ and media/ [default: $QUICKLOOKS_DATA_DIR or ./quicklooks-data].")
@click.option("--app-port", default=8001, show_default=True, type=click.IntRange(1, 65535), help="Port the app server (gunicorn) listens on.")
@click.option("--app-host", default="127.0.0.1", show_default=True, help="Address of the app server.")
@click.option("--more-app-server", "more_app_servers", multiple=True, metavar="[HOST:]PORT",
              help="Another app server in the same upstream (repeat for each); nginx retries GET and HEAD on the next one.")
@click.option("--listen", default="127.0.0.1:8080", show_default=True, help="What nginx listens on: PORT or ADDRESS:PORT.")
@click.option("--server-name", default="_", show_default=True, help="nginx server_name: the site's host names.")
@click.option("--hsts-seconds", default=0, show_default=True, type=click.IntRange(0), help="Send Strict-Transport-Security with page files (set when TLS is in front).")
@click.option("--no-access-log", is_flag=True, help="Do not log each request (benchmarks).")
@click.option("--user", default="", help="User nginx's workers run as when nginx starts as root (must read DATA_DIR).")
def nginx_config(data_dir, app_port, app_host, more_app_servers, listen, server_name, hsts_seconds, no_access_log, user) -> None:
    """Print a working nginx.conf for DATA_DIR and the app server's port.

    nginx serves static files and the page files of anonymous readers
    straight from the data directory and proxies the rest to the app. Run
    it unprivileged with `nginx -c FILE -p DATA_DIR/nginx -g "daemon off;"`.
    """
    from quicklooks.deploy.nginx import NginxSite, render

    site = NginxSite(
        data_dir=_data_dir(data_dir), app_port=app_port, app_host=app_host, more_app_servers=more_app_servers, listen=listen,
        server_name=server_name, hsts_seconds=hsts_seconds, access_log=not no_access_log, user=user,
    )
    click.echo(render(site), nl=False)


@deploy.command("local")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535), help="Port nginx listens on (127.0.0.1).")
@click.option("--data-dir", metavar="DIR", help="Data directory [default: $QUICKLOOKS_DATA_DIR or ./quicklooks-data].")
@click.option("--app-workers", default=2, show_default=True, type=click.IntRange(1, 64), help="gunicorn worker processes.")
@click.option("--app-threads", default=4, show_default=True, type=click.IntRange(1, 64), help="Threads per gunicorn worker.")
@click.option("--app-servers", default=1, show_default=True, type=click.IntRange(1, 16),
              help="Separate gunicorn servers behind one nginx upstream (scale-out on one machine; see docs/deployment.md).")
@click.option("--celery-workers", default=1, show_default=True, type=click.IntRange(0, 16), help="Celery workers (started when REDIS_URL is set).")
@click.option("--no-demo", is_flag=True, help="Do not publish the sample story on start.")
@click.option("--no-access-log", is_flag=True, help="Do not log each request (benchmarks).")
def local(port, data_dir, app_workers, app_threads, app_servers, celery_workers, no_demo, no_access_log) -> None:
    """Start the whole production stack on this machine until Ctrl-C or SIGTERM.

    nginx on PORT in front of gunicorn, Celery workers and the publication
    clock, on PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set,
    otherwise on SQLite and a file cache in the data directory. Uses
    production settings with a secret key kept in DATA_DIR/secret_key.production,
    adjusted for plain HTTP on loopback. Logs go to DATA_DIR/logs/.
    """
    from quicklooks.deploy.local import LocalOptions, run

    options = LocalOptions(
        data_dir=_data_dir(data_dir), port=port, app_workers=app_workers, app_threads=app_threads, app_servers=app_servers,
        celery_workers=celery_workers, demo=not no_demo, access_log=not no_access_log,
    )
    sys.exit(run(options, echo=lambda line: click.echo(line, err=False)))
