"""Whether a text reads as English: the Quick Looks engine is built for English news prose.

Its verb lists, compression rules and labels are English; on another
language it would cut sentences at random and title-case whatever came
first. English prose spends about a quarter to a third of its words on a
few dozen function words ("the", "of", "and", "said"); other languages,
even ones written in the same alphabet, spend almost none on these.
"""

from __future__ import annotations

import re

from quicklooks.text import vocabulary as vocab

_FUNCTION_WORDS = vocab.words("function_words")
_LETTERS = re.compile(r"[^\W\d_]+")
# English news measured at 0.23 and above (the sample story 0.24, CNN/DailyMail
# articles 0.28-0.45); German, French, Spanish, Italian, Dutch and Russian
# news sentences at 0.07 and below.
ENGLISH_SHARE = 0.12
# Below this many words a text is too short to judge (a list of headlines has
# no function words and is still English).
_MIN_WORDS = 20


# The first few hundred words tell the language as well as the whole text
# does, and a 100,000-word text is not read twice.
_SAMPLE_CHARS = 3000


def english_share(text: str) -> tuple[float, int]:
    """The share of the text's first words that are common English function words, and how many were read."""
    words = _LETTERS.findall(text[:_SAMPLE_CHARS].lower())
    if not words:
        return 0.0, 0
    return sum(word in _FUNCTION_WORDS for word in words) / len(words), len(words)


def reads_as_english(text: str) -> bool:
    share, words = english_share(text)
    return words < _MIN_WORDS or share >= ENGLISH_SHARE
