"""Which characters quicklooks stores: the one control-character policy for every entry.

Story files, the API, ingested pages and feeds, the desk and comments all
pass text through :func:`clean_controls` before it is stored. C0 and C1
control characters other than tab and newline are removed: they are never
part of a story, they are invalid in XML 1.0 (one ``\\x02`` made the site's
feeds fail), and the search index uses two of them as its own markers. Line
ends become ``\\n``; controls that separate text (vertical tab, form feed,
the information separators, NEL) become a space, so the words either side
stay apart. NUL is not handled here: a story file or a post containing one is
binary data and is refused where it is read.

Outputs that must be valid XML (feeds, sitemaps) also pass text through
:func:`xml_safe`, so a row stored before this policy cannot break them.

:func:`clean_invisible` goes further for text readers write (comments,
display names): bidi overrides and isolates, which can make ``gnp.exe``
display as ``exe.png``, and zero-width characters, which hide inside words.
Zero-width joiners stay where a script or an emoji sequence needs them.
"""

from __future__ import annotations

import re

# Controls that separate text: a space keeps the words apart.
_SEPARATING = re.compile("[\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")
# Every other C0 control but tab and newline, DEL, the C1 block; lone
# surrogates and the two noncharacters XML forbids.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# Bidi embeddings, overrides and isolates; LRM/RLM/ALM marks.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# Zero-width space, word joiner, invisible operators, BOM, Mongolian vowel separator.
_ZERO_WIDTH = re.compile("[\u200b\u2060-\u2064\ufeff\u180e]")
# ZWNJ/ZWJ between two ASCII characters (or at an edge) hide inside Latin
# words; between other characters they shape Persian, Indic scripts and emoji.
_JOINER = re.compile("[\u200c\u200d]")


def clean_controls(text: str) -> str:
    """``text`` with line ends as ``\\n`` and no C0/C1 controls but tab and newline."""
    if not text:
        return text or ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SEPARATING.sub(" ", text)
    return _CONTROLS.sub("", text)


def clean_text_field(text: str) -> str:
    """A one-line field (a headline, a name): controls removed and newlines and tabs become spaces."""
    return clean_controls(text).replace("\n", " ").replace("\t", " ")


def xml_safe(text: str) -> str:
    """Only characters XML 1.0 allows (tab, newline and CR among the controls)."""
    if not text:
        return text or ""
    return _CONTROLS.sub("", _SEPARATING.sub(" ", text)).replace("\r", "")


def has_controls(text: str) -> bool:
    return bool(text) and text != clean_controls(text)


def clean_invisible(text: str) -> str:
    """Reader text without controls, bidi formatting or zero-width characters (joiners kept where scripts need them)."""
    text = clean_controls(text)
    text = _BIDI.sub("", text)
    text = _ZERO_WIDTH.sub("", text)

    def joiner(match: re.Match) -> str:
        start, end = match.start(), match.end()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if not before or not after or before.isascii() or after.isascii():
            return ""
        return match.group()

    return _JOINER.sub(joiner, text)
