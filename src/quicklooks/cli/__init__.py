"""The ``quicklooks`` command.

Each subcommand lives in its own module here and stays thin: it parses
options and calls the same functions the web views and tasks call.
Commands that need the database start Django through
``quicklooks.bootstrap.setup_django``; text commands (``brief``, ``facts``)
do not, so they run in milliseconds.
"""

from __future__ import annotations

import importlib

import click

from quicklooks import __version__

# (module, command attribute) for every subcommand, in help order.
COMMANDS = [
    ("quicklooks.cli.server", "serve"),
    ("quicklooks.cli.importer", "import_command"),
    ("quicklooks.cli.listing", "stories"),
    ("quicklooks.cli.manage", "manage"),
    ("quicklooks.cli.facts", "facts"),
    ("quicklooks.cli.brief", "brief"),
    ("quicklooks.cli.ingest", "ingest"),
    ("quicklooks.cli.worker", "worker"),
    ("quicklooks.cli.deploy", "deploy"),
    ("quicklooks.cli.adduser", "adduser"),
    ("quicklooks.cli.topics", "topics"),
    ("quicklooks.cli.newsletter", "newsletter"),
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quicklooks")
def main() -> None:
    """quicklooks: publish stories as Quick Looks and a Deep Look.

    Runs on SQLite in ./quicklooks-data by default (set QUICKLOOKS_DATA_DIR to
    move it, DATABASE_URL to use PostgreSQL). Start with `quicklooks serve`.
    """


for _module, _attribute in COMMANDS:
    main.add_command(getattr(importlib.import_module(_module), _attribute))
