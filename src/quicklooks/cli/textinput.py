"""Reading the text a text command works on: a story file's Deep Look, or plain text.

``quicklooks brief`` and ``quicklooks facts`` take ``PATH`` or ``-`` (standard
input). A file in the outlet's story format (it has a ``Deep Look:`` line)
gives its Deep Look text, the same text stored stories' offsets point into;
anything else is read whole. Bad input ends the command with one clear line
naming the file, never a traceback.
"""

from __future__ import annotations

import re
import sys

import click

_DEEP_LOOK = re.compile(r"^Deep Look\s*:", re.IGNORECASE | re.MULTILINE)


def input_name(path: str) -> str:
    """How messages name the input: the path, or <stdin> for -."""
    return "<stdin>" if path == "-" else path


def read_deep_look(path: str) -> str:
    """The Deep Look of the story at ``path`` (``-`` for standard input), or the whole plain text."""
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
    try:
        text = decode_story_bytes(data, name=name).replace("\r\n", "\n").replace("\r", "\n")
        if _DEEP_LOOK.search(text):
            return parse_story(text, name=name).deep_look_text()
        return text
    except StoryFormatError as exc:
        raise click.ClickException(str(exc)) from None
