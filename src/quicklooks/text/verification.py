"""Verification of a Quick Looks bullet against the sentences it came from.

A bullet may reword, but it may not invent. Three things in a bullet are
checked against its source sentences, because they are what readers quote and
what corrections are made of:

* every number ("157", "4.2", "2,000", "35-country") must occur in a source;
* every capitalised name ("Macron", "Rosneft", "Ryazan") must occur in a
  source, with the same capitals (the bullet's first word may have gained
  a capital, so it alone is matched without regard to case);
* every quoted phrase must occur, word for word, in a source.

The engine drops any candidate with a problem; the desk editor shows the
problems to the editor who wrote the bullet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Literal

from quicklooks.text import vocabulary as vocab

ProblemKind = Literal["empty", "number", "name", "quote", "negation", "comparison", "unsupported"]


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    token: str
    message: str


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CAPITALISED = re.compile(r"(?<![\w’'])[^\W\d_][\w’'.-]*")
_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"|‘([^’]+)’(?!\w)")
_QUOTE_TRIM = " ,.;:!?"


def check_bullet(bullet_text: str, source_texts: Iterable[str]) -> list[Problem]:
    """List what in ``bullet_text`` is not backed by ``source_texts`` (empty: verified)."""
    sources = list(source_texts)
    joined = "\n".join(sources)
    if not bullet_text.strip():
        return [Problem("empty", "", "The bullet is empty. Write one fact, or drop the bullet.")]
    if not joined.strip():
        return [
            Problem(
                "empty",
                "",
                "The bullet has no source sentence. Link it to the sentence it states.",
            )
        ]
    problems: list[Problem] = []
    problems.extend(_check_numbers(bullet_text, joined))
    problems.extend(_check_names(bullet_text, joined))
    problems.extend(_check_quotes(bullet_text, joined))
    return problems


def _check_numbers(bullet: str, source: str) -> list[Problem]:
    source_numbers = {_plain_number(n) for n in _NUMBER.findall(source)}
    problems = []
    for number in _NUMBER.findall(bullet):
        if _plain_number(number) not in source_numbers:
            problems.append(
                Problem(
                    "number",
                    number,
                    f"The number {number} is not in the source sentence. "
                    "Use the figure exactly as the story gives it.",
                )
            )
    return problems


def _plain_number(number: str) -> str:
    """'2,000' and '2000' are the same figure; a trailing '.' is punctuation."""
    return number.replace(",", "").rstrip(".")


@lru_cache(maxsize=512)
def _source_names(source: str) -> frozenset[str]:
    """The source's capitalised words (cached: the engine checks several
    candidate bullets against the same sentence)."""
    return frozenset(
        _bare(m.group()) for m in _CAPITALISED.finditer(source) if m.group()[0].isupper()
    )


@lru_cache(maxsize=512)
def _source_lower(source: str) -> frozenset[str]:
    """The source's words lower-cased, for a bullet's first word (rarely needed)."""
    return frozenset(w.lower() for w in _words(source))


def _check_names(bullet: str, source: str) -> list[Problem]:
    source_words = _source_names(source)
    problems = []
    first = True
    for match in _CAPITALISED.finditer(bullet):
        is_first, first = first, False
        if not match.group()[0].isupper():
            continue
        word = _bare(match.group())
        if not word or not word[0].isupper():
            continue
        if word in source_words:
            continue
        if is_first and word.lower() in _source_lower(source):
            continue
        problems.append(
            Problem(
                "name",
                word,
                f"“{word}” is not in the source sentence. Name only people, places "
                "and organisations the sentence names, spelled the same way.",
            )
        )
    return problems


def _words(text: str) -> list[str]:
    return [_bare(m.group()) for m in _CAPITALISED.finditer(text)]


_POSSESSIVE = re.compile(r"[’']s$")


def _bare(word: str) -> str:
    """'Russia’s' names Russia; trailing punctuation is not part of a name."""
    return _POSSESSIVE.sub("", word.rstrip(".’'-")).rstrip(".’'-")


def _check_quotes(bullet: str, source: str) -> list[Problem]:
    problems = []
    normalised_source = " ".join(source.split())
    for match in _QUOTED.finditer(bullet):
        phrase = next(g for g in match.groups() if g is not None)
        phrase = " ".join(phrase.split()).strip(_QUOTE_TRIM)
        if phrase and phrase not in normalised_source:
            problems.append(
                Problem(
                    "quote",
                    phrase,
                    f"The quoted words “{phrase}” are not in the source sentence. "
                    "Quote word for word, or drop the quotation marks and paraphrase.",
                )
            )
    if bullet.count("“") != bullet.count("”"):
        problems.append(
            Problem(
                "quote",
                "“",
                "The bullet opens a quotation it does not close (or closes one it "
                "never opened). Quote whole phrases.",
            )
        )
    return problems


# Words a rewrite must never lose: they turn a fact into its opposite or its
# pairs into others ("not", "respectively") or its size into another ("more").
_NEGATIONS = vocab.words("negations")
_COMPARISONS = vocab.words("comparison_words")
# Words, with a possessive or a negative clitic as a token of its own, so
# "Kenya’s" in a bullet meets "Kenya" + "’s" in a tokenised source.
_TOKEN = re.compile(r"n't|['’](?:s|re|ve|ll|d|m)\b|[^\W_]+?(?=n't\b)|[^\W_]+", re.IGNORECASE)


def check_rewrite(bullet_text: str, kept_words: Iterable[str], new_words: Iterable[str] = ()) -> list[Problem]:
    """Compare a rewritten bullet with the source subtree it keeps.

    ``kept_words`` are the source words the bullet was written from (its
    kept subtree), ``new_words`` the words the rewrite brought in (a verb's
    present form, "says", a resolved name). Every word of the bullet must be
    one of them; every negation and comparison word the subtree keeps must
    still be in the bullet.
    """
    kept = [w.lower() for w in kept_words]
    allowed = set(kept) | {w.lower() for word in new_words for w in _TOKEN.findall(word)}
    allowed |= {t.lower() for word in kept for t in _TOKEN.findall(word)}
    bullet = [w.lower() for w in _TOKEN.findall(bullet_text)]
    problems: list[Problem] = []
    for word in bullet:
        if word not in allowed:
            problems.append(Problem("unsupported", word, f"“{word}” is not in the source words the bullet keeps. "
                                    "Write the bullet from its sentence's words."))
    kept_tokens = [t.lower() for word in kept for t in _TOKEN.findall(word)]
    for words, kind in ((_NEGATIONS, "negation"), (_COMPARISONS, "comparison")):
        for word in words:
            if kept_tokens.count(word) > bullet.count(word):
                problems.append(Problem(kind, word, f"The source keeps “{word}” and the bullet lost it; "
                                        "a bullet may not change what its sentence says."))
    return problems
