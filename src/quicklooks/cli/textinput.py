"""Reading the text a text command works on: a story file's Deep Look, a saved web page, or plain text.

``quicklooks brief`` and ``quicklooks facts`` take ``PATH`` or ``-`` (standard
input). A file in the outlet's story format (it has a ``Deep Look:`` line)
gives its Deep Look text, the same text stored stories' offsets point into;
a saved web page gives its article, found by trafilatura as ``quicklooks
ingest`` finds it; anything else is read whole. Bad input ends the command
with one clear line naming the file, never a traceback.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

_DEEP_LOOK = re.compile(r"^Deep Look\s*:", re.IGNORECASE | re.MULTILINE)


def input_name(path: str) -> str:
    """How messages name the input: the path, or <stdin> for -."""
    return "<stdin>" if path == "-" else path


def read_story(path: str):
    """The story at ``path`` (``-`` for standard input) as a text-core Story, or the whole plain text.

    A story file or a saved page gives a :class:`~quicklooks.text.story.Story`,
    so the engines see its headline (the Quick Looks label shortens it) as well
    as its Deep Look; anything else is plain text.
    """
    # The text core is imported here, not at module level, so `quicklooks --help` stays fast.
    from quicklooks.text.storyformat import StoryFormatError, decode_story_bytes, parse_story

    name = input_name(path)
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as handle:
                data = handle.read()
    except OSError as exc:
        raise click.ClickException(f"{name}: cannot read the file ({exc.strerror}). Check the path and try again.") from None
    # Markup is read by its content, as ingest reads local files: a page's
    # tags and navigation are not the story.
    from quicklooks.ingest.sniffing import sniff_file

    kind = sniff_file(data, suffix="" if path == "-" else Path(path).suffix)
    if kind == "feed":
        raise click.ClickException(
            f"{name}: this is an RSS or Atom feed, which holds many stories. Save one story's page, "
            "or bring the feed in with `quicklooks ingest` and read the stories on the desk."
        )
    if kind == "page":
        from quicklooks.ingest.extraction import ExtractionError, story_from_html

        try:
            return story_from_html(data, url="")
        except ExtractionError as exc:
            raise click.ClickException(f"{name}: {exc} Pass the story's text instead.") from None
    try:
        text = decode_story_bytes(data, name=name).replace("\r\n", "\n").replace("\r", "\n")
        if _DEEP_LOOK.search(text):
            return parse_story(text, name=name)
        return text
    except StoryFormatError as exc:
        raise click.ClickException(str(exc)) from None


def read_deep_look(path: str) -> str:
    """The Deep Look text of the story at ``path``, or the whole plain text: what offsets point into."""
    story = read_story(path)
    return story if isinstance(story, str) else story.deep_look_text()
