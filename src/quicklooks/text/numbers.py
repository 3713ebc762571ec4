"""Numbers as news copy writes them: "157", "4.2 million", "seven hundred", "a dozen".

:data:`NUMBER_WORDS_PATTERN` finds a run of number words; :func:`words_to_number`
turns one into a value; :func:`numeral_to_number` does the same for digits with
an optional scale word. Vague plurals ("hundreds", "dozens") have no value and
are not numbers here.
"""

from __future__ import annotations

import re

from quicklooks.text import vocabulary as vocab
from quicklooks.text.lexicon import trie_pattern

_ONES = vocab.number_words()["unit"]
_TENS = vocab.number_words()["ten"]
SCALES = vocab.number_words()["scale"]
_SHORT_SCALES = vocab.number_words()["short_scale"]

NUMBER_WORDS = frozenset([*_ONES, *_TENS, *SCALES, "dozen"])
_UNIT_WORD = "|".join([*_ONES, *_TENS])
_SCALE_WORD = "|".join(SCALES)
_NUMBER_WORD = rf"(?:{_UNIT_WORD}|{_SCALE_WORD}|dozen)"
# "seven hundred", "twenty-five", "a dozen", "half a million", "two and a half million".
NUMBER_WORDS_PATTERN = (
    rf"\b(?:(?:half\s+)?an?\s+(?=(?:{_SCALE_WORD}|dozen)\b))?{_NUMBER_WORD}"
    rf"(?:(?:[\s-]+|\s+and\s+(?:a\s+half\s+)?){_NUMBER_WORD}\b)*\b"
)
_TOKEN = re.compile(r"[a-z]+")


# Where a figure can start: a digit, or a number word (or "a"/"an"/"half" before one).
NUMBER_START_PATTERN = rf"(?<!\w)(?:\d|(?:{trie_pattern(['a', 'an', 'half', *NUMBER_WORDS])})(?!\w))"


def words_to_number(phrase: str) -> float | None:
    """'seven hundred' -> 700, 'a dozen' -> 12, 'two and a half million' -> 2500000."""
    tokens = _TOKEN.findall(phrase.lower())
    if not tokens:
        return None
    total = 0.0
    current = 0.0
    seen = False
    i = 0
    while i < len(tokens):
        word = tokens[i]
        if word in ("a", "an"):
            current = current or 1
        elif word == "half":
            current = current or 0.5
        elif word == "and":
            if tokens[i + 1 : i + 3] == ["a", "half"]:
                current += 0.5
                i += 2
        elif word in _ONES:
            current += _ONES[word]
            seen = True
        elif word in _TENS:
            current += _TENS[word]
            seen = True
        elif word == "dozen":
            current = (current or 1) * 12
            seen = True
        elif word == "hundred":
            current = (current or 1) * 100
            seen = True
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0
            seen = True
        else:
            return None
        i += 1
    return _tidy(total + current) if seen else None


def numeral_to_number(digits: str, scale: str | None = None) -> float:
    """'4.2', 'million' -> 4200000; '1,200' -> 1200; '3', 'bn' -> 3000000000."""
    value = float(digits.replace(",", ""))
    if scale:
        key = scale.lower()
        value *= SCALES.get(key) or _SHORT_SCALES.get(key, 1)
    return _tidy(value)


def _tidy(value: float) -> float | int:
    """Whole numbers as int so JSON shows 157, not 157.0."""
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded
