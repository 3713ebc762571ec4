"""What counts as a word: the unit of the 16-word bullet limit.

A reader counts "2,200" and "long-range" as one word each and does not count
a "," or "--" standing alone at all (text that spaces its punctuation has
them as tokens of their own), so neither does the engine.
"""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W_](?:[^\s]*[^\W_])?")


def count_words(text: str) -> int:
    """Words as a reader counts them: punctuation tokens like ',' or '--' are not words."""
    return len(WORD.findall(text))
