"""Headline-style punctuation for a bullet: what compression's deletions leave to tidy.

Deleting clauses strands commas ("tall and, has left"), drops the full stop
and can end a bullet inside a quote; :func:`tidy_bullet` puts that right
without touching a word.
"""

from __future__ import annotations

import re

_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,;:.!?])")
_DOUBLE_COMMA = re.compile(r",\s*,")
_CONJUNCTION_COMMA = re.compile(r"\b(and|or|but)\s*,\s+")
_TRAILING_JUNK = re.compile(r"[\s,;:—–-]+$")
# Closing punctuation, with any closing quotes (tokenised text spaces them: ". ’").
_CLOSED = re.compile(r"[.!?…](?:\s*(?:''|[\"”’']))*$")


# A quotation mark that opens a quote in tokenised text: at the start, or after
# a colon or comma ("said : ' we heard ..."); "the artists ' entrance" is a possessive.
_SPACED_OPENER = re.compile(r"(?:^|[:,]\s+)'\s")


def _close_quote(text: str, spaced: bool) -> str:
    """Close a quote the bullet opens and never closes.

    The splitter ends a sentence inside a quote that runs on ("She said: “We
    heard a loud noise. Then ..."), so the bullet stops where the sentence
    does. Its words are the speaker's own, verbatim, so the quote closes
    after them rather than leaving the reader an open quotation mark.
    """
    closer = None
    if text.count("“") > text.count("”"):
        closer = "”"
    elif text.count("‘") > len(re.findall(r"’(?!\w)", text)):
        closer = "’"
    elif text.count("``") > text.count("''"):
        closer = "''"
    else:
        tokens = text.split()
        opener = None
        for match in _SPACED_OPENER.finditer(text):
            opener = match.end()
        if opener is not None and "'" not in text[opener:].split() and tokens.count("'") % 2:
            closer = "'"
    if closer is None:
        return text
    return text + (" " + closer if spaced else closer)


def tidy_bullet(text: str, cased: bool, spaced: bool) -> str:
    """Headline-style finish; ``spaced`` keeps tokenised text's " ." style."""
    text = " ".join(text.split())
    text = _DOUBLE_COMMA.sub(",", text)
    # A deletion can strand a comma after a conjunction: "tall and, has left".
    text = _CONJUNCTION_COMMA.sub(r"\1 ", text)
    if cased:
        text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _TRAILING_JUNK.sub("", text)
    if text and not _CLOSED.search(text):
        text = text.rstrip() + (" ." if spaced else ".")
    text = _close_quote(text, spaced)
    for i, c in enumerate(text):
        if c.isalpha():
            return text[:i] + c.upper() + text[i + 1 :]
        if c.isdigit():
            break
    return text
