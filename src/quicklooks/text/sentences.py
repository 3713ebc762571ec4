"""Sentence segmentation for news text, with character offsets.

Every span quicklooks stores (Quick Looks provenance, quotes, figures) points
into the original text, so the splitter never rewrites the text: it walks the
whitespace-separated tokens once, decides at each gap between two tokens
whether a sentence ends there, and reports offsets into the untouched input.
One pass over the tokens keeps it linear, so a 100,000-word text costs the
same per word as a wire brief.

News text brings its own traps, handled here:

* abbreviations (Gov., Sen., U.S., Jan., Inc., No. 5) and initials (J. Mansour);
* quotes that end a sentence: ``.”`` and ``."`` stay with their sentence;
* decimals ($4.2 million) never split, because a split needs whitespace;
* blank lines always end a unit; list items (``- item``) and subheads (a short
  line without closing punctuation) are units of their own.

Text is read as written: a lower-case word after a full stop continues the
sentence ("approx. five", "?” he asked"). A corpus that comes lower-cased
and tokenised brings its own sentence ends, and its adapter (next to the
benchmarks) hands them to :func:`quicklooks.text.document.build_document`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quicklooks.text import vocabulary as vocab


@dataclass(frozen=True)
class Sentence:
    index: int  # 0-based position in the text
    start: int  # char offset of the first non-space character
    end: int  # char offset just past the sentence (trailing whitespace excluded)
    text: str  # == original[start:end]


# Titles and name prefixes: a capitalised word after them is the name, never a
# new sentence ("Gov. Newsom", "St. Louis", "Gen. Milley").
_TITLES = vocab.words("title_abbreviations") | vocab.words("place_abbreviations")
# Abbreviations that often sit mid-sentence but can also end one ("Apple Inc."
# at the end of a sentence). They end a sentence only when the next word is a
# typical sentence opener.
_MAYBE_END = vocab.words("maybe_end_abbreviations") | vocab.words("month_abbreviations")
# Words that usually open a sentence, used to tell "in the U.S. He said" (a
# break) from "U.S. President" (not a break).
_OPENERS = vocab.words("sentence_openers")
# After "a.m." or "p.m." a capitalised word opens a new sentence ("left at 7:40 a.m. Passengers
# waited") unless it says more about the time: "9 a.m. Monday", "3 p.m. Eastern", "10 a.m. GMT".
_CLOCK_ENDS = frozenset(("a.m", "p.m"))
_TIME_AFTER_CLOCK = (vocab.words("weekdays") | vocab.words("months") | vocab.words("time_zones")
                     | frozenset(p for p in vocab.phrases("clock_words") if " " not in p))
_ARTICLES = vocab.words("articles")
_DASHES = frozenset(("—", "–", "-", "--"))


def _ends_in_terminal(token: str) -> bool:
    """True when the token ends in . ! ? or …, closing quotes and brackets aside."""
    return token.rstrip("\"”’'»)]")[-1:] in (".", "!", "?", "…")
_MAY_END = frozenset(".!?…\"”’'»)]")
_CLOSING_QUOTE_TOKENS = frozenset({"”", "’", "»", "'"})
_OPENING = "“\"‘'«(["
_CLOSING = "\"”’'»)]"
_LIST_MARK = re.compile(r"(?:[-*•–—]|\d{1,3}[.)])$")
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]\.?$", re.IGNORECASE)
_TOKEN = re.compile(r"\S+")
# Punctuation-only pieces ("...", "''") are never sentences of their own.
_PUNCT_ONLY = re.compile(r"[^\w]+$")


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences whose offsets point into ``text`` itself."""
    tokens = [m.span() for m in _TOKEN.finditer(text)]
    if not tokens:
        return []
    groups: list[list[int]] = []  # [first token, last token] per unit
    first = 0
    line_first = 0  # token that opens the current line
    line_opens_unit = True
    for i in range(len(tokens) - 1):
        end, next_start = tokens[i][1], tokens[i + 1][0]
        # Most gaps are one space after a word that cannot end a sentence:
        # skip them without a call, which keeps long texts fast.
        if next_start - end == 1 and text[end] == " " and text[end - 1] not in _MAY_END:
            continue
        gap = text[end:next_start]
        newlines = gap.count("\n")
        if newlines >= 2:
            boundary = True
        elif newlines == 1:
            boundary = _line_break_ends_unit(text, tokens, i, line_first, line_opens_unit)
        else:
            boundary = _punctuation_ends_sentence(text, tokens, i, line_first)
        if boundary:
            groups.append([first, i])
            first = i + 1
        if newlines:
            line_first = i + 1
            line_opens_unit = boundary
    groups.append([first, len(tokens) - 1])

    merged: list[list[int]] = []
    for group in groups:
        start, end = tokens[group[0]][0], tokens[group[1]][1]
        if merged and _PUNCT_ONLY.match(text, start, end):
            prev_end = tokens[merged[-1][1]][1]
            if text.count("\n", prev_end, start) < 2:
                merged[-1][1] = group[1]
                continue
        merged.append(group)

    return [
        Sentence(k, tokens[a][0], tokens[b][1], text[tokens[a][0] : tokens[b][1]])
        for k, (a, b) in enumerate(merged)
    ]


def tile(text: str, sentences: list[Sentence]) -> list[str]:
    """Cut ``text`` into consecutive pieces, one per sentence, that join back to it.

    Each piece is a sentence followed by the whitespace after it; the first
    piece also carries any leading whitespace. A text with no sentences is one
    piece of whitespace (or nothing at all when the text is empty).
    """
    if not sentences:
        return [text] if text else []
    cuts = [0] + [s.start for s in sentences[1:]] + [len(text)]
    return [text[cuts[k] : cuts[k + 1]] for k in range(len(sentences))]


def _token(text: str, tokens: list[tuple[int, int]], i: int) -> str:
    return text[tokens[i][0] : tokens[i][1]]


def _next_word_start(word: str) -> str:
    """The first character of a token once opening quotes and brackets are gone."""
    stripped = word.lstrip(_OPENING)
    return stripped[:1] if stripped else word[:1]


def _punctuation_ends_sentence(
    text: str,
    tokens: list[tuple[int, int]],
    i: int,
    line_first: int,
    *,
    line_end: bool = False,
) -> bool:
    tok = _token(text, tokens, i)
    nxt = _token(text, tokens, i + 1)
    carrier = tok
    carrier_index = i
    if tok in _CLOSING_QUOTE_TOKENS and i > 0:
        # Tokenised text puts the closing quote after the full stop: ". ''".
        # The quote belongs to the sentence, so the break moves past it.
        prev = _token(text, tokens, i - 1)
        if not _ends_in_terminal(prev):
            return False
        carrier, carrier_index = prev, i - 1
    elif not _ends_in_terminal(tok):
        return False
    if nxt in _CLOSING_QUOTE_TOKENS and carrier is tok:
        return False
    # "the 7:40 a.m. Halifax sailing": a time after an article is the next noun's modifier.
    attributive = carrier_index >= 2 and _token(text, tokens, carrier_index - 2).lower() in _ARTICLES
    return _terminal_ends_sentence(carrier, nxt, at_line_start=carrier_index == line_first, line_end=line_end,
                                   attributive=attributive)


def _terminal_ends_sentence(tok: str, nxt: str, *, at_line_start: bool, line_end: bool = False,
                            attributive: bool = False) -> bool:
    """Decide whether ``tok`` (ending in . ! ? or …) closes its sentence."""
    core = tok.rstrip(_CLOSING)
    marks = len(core) - len(core.rstrip(".!?…"))
    word = core[: len(core) - marks].lstrip(_OPENING).rstrip(_CLOSING)
    punct = core[len(core) - marks :]
    start = _next_word_start(nxt)
    if start.islower():
        # "?” he asked", "approx. five": a lower-case word continues the sentence.
        return False
    if "!" in punct or "?" in punct:
        return True
    if not word or "…" in punct or punct.startswith(".."):
        return True
    if punct == "." and nxt in _DASHES:
        # "BOULDER, Colo. — A wildfire …": a dash after a full stop is a dateline's
        # or an aside's, and what follows it is the same sentence.
        return False
    lower = word.lower()
    if lower in _TITLES:
        return False
    if lower == "no" and start.isdigit():
        return False
    if len(word) == 1 and word.isalpha():
        # An initial ("J. Mansour").
        return False
    if lower in _MAYBE_END or _DOTTED.match(word):
        if line_end:
            return True
        bare = nxt.lstrip(_OPENING).rstrip(_CLOSING + ",.;:").lower()
        if lower in _CLOCK_ENDS and not attributive:
            return bare not in _TIME_AFTER_CLOCK
        return bare in _OPENERS
    if at_line_start and word.isdigit():
        # "1. First point" in a numbered list.
        return False
    return True


def _line_break_ends_unit(
    text: str,
    tokens: list[tuple[int, int]],
    i: int,
    line_first: int,
    line_opens_unit: bool,
) -> bool:
    """Decide whether a single line break ends a unit.

    List items are always units. A line that ends in closing punctuation
    follows the punctuation rules. A line that does not is a subhead when it
    opens a unit, is short and is followed by a capitalised line; otherwise it
    is a hard-wrapped line and the sentence runs on.
    """
    tok = _token(text, tokens, i)
    nxt = _token(text, tokens, i + 1)
    if _LIST_MARK.match(nxt) or _LIST_MARK.match(_token(text, tokens, line_first)):
        return True
    if _ends_in_terminal(tok) or tok in _CLOSING_QUOTE_TOKENS:
        # Lines are paragraphs in most pasted text, so a line that ends in
        # "Inc." or "U.S." ends its sentence too.
        return _punctuation_ends_sentence(text, tokens, i, line_first, line_end=True)
    if tok[-1] in ",;(&-–—" or _next_word_start(nxt).islower():
        return False
    return line_opens_unit and i - line_first < 20
