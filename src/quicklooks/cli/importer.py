import sys

import click


@click.command("import")
@click.argument("paths", nargs=-1, required=True, metavar="PATH... | -")
@click.option("--draft", is_flag=True, help="Keep imported stories as drafts for the desk instead of publishing.")
@click.option(
    "--publish",
    "force_publish",
    is_flag=True,
    help="Publish stories whose Quick Looks the engine wrote too, without waiting for an editor's review "
    "(recorded on each story with your user name).",
)
@click.option("--section", default="", help="Put the stories in this section (created if new).")
def import_command(paths: tuple[str, ...], draft: bool, force_publish: bool, section: str) -> None:
    """Import story files in the outlet's text format (or plain text).

    Each story is stored in its own transaction; importing the same file again
    changes nothing. Search, topics and cached pages catch up once, when the
    import ends. Use - to read one story from standard input. Prints
    created / updated / unchanged / failed and exits 1 if any story failed.

    Stories with their own Quick Looks are published at once. A story without
    them gets Quick Looks from the engine and waits on the desk as "needs
    review" until an editor approves it, unless --publish.
    """
    if draft and force_publish:
        raise click.UsageError("--draft and --publish contradict each other; give one of them.")
    from quicklooks.bootstrap import setup_django

    setup_django()
    from quicklooks.stories.batches import batch
    from quicklooks.stories.importing import command_override
    from quicklooks.stories.library import import_paths

    # Each story commits on its own; the search index, topics and the page
    # cache are brought up to date once, for all of them, at the end.
    with batch():
        report = import_paths(
            list(paths),
            publish=not draft,
            section=section,
            stdin=sys.stdin.buffer,
            echo=lambda line: click.echo(line, err=True),
            override=command_override() if force_publish else None,
        )
    click.echo(report.summary())
    if report.failed:
        sys.exit(1)
