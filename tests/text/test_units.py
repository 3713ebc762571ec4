"""How fit each sentence is to become a bullet: a golden table of unit weights."""

from __future__ import annotations

import pytest

from quicklooks.text.document import analyse
from quicklooks.text.pruning import MAX_WORDS
from quicklooks.text.units import read_units
from quicklooks.text.words import count_words

def _length(sentence: str) -> float:
    """The length factor: 1 for a sentence as long as a bullet, sqrt(words / MAX_WORDS) below."""
    return min(1.0, count_words(sentence) / MAX_WORDS) ** 0.5


HE_SAID = ("He said the coalition had agreed to keep its troops in the country until the end of next year, when the "
           "mission of the alliance ends.")
QUOTE = ("“Not one foreign soldier will be safe on Ukrainian soil while the fighting goes on and on and on,” the "
         "Russian President Vladimir Putin said.")
# A first-person opener is a voice, like a third-person one.
MY = ("My parents died nine days apart and then later my younger brother passed away at home in the old city last "
      "winter.")

# (sentence, expected weight). A sentence as long as a bullet weighs 1; one
# shorter weighs sqrt(words / MAX_WORDS); quotes, questions, list
# introductions and pronoun openers weigh less; boilerplate nothing.
GOLDEN = [
    ("Russian forces launched 157 strike and decoy drones at Ukrainian cities overnight in the third night of attacks "
     "on the capital, the air force said.", 1.0),
    ("Officials in Kyiv said the talks would resume in Geneva next week.", (12 / MAX_WORDS) ** 0.5),
    ("The talks stalled again on Monday.", (6 / MAX_WORDS) ** 0.5),
    ("Was it worth the risk to the soldiers who crossed the river that night?", (14 / MAX_WORDS) ** 0.5 * 0.3),
    (HE_SAID, 0.8 * _length(HE_SAID)),
    (QUOTE, 0.5 * _length(QUOTE)),
    (MY, 0.8 * _length(MY)),
    ("Scroll down for video of the launch.", 0.0),
    ("Yes.", 0.0),
]


@pytest.mark.parametrize("sentence, expected", GOLDEN, ids=[row[0][:40] for row in GOLDEN])
def test_unit_weight(sentence: str, expected: float) -> None:
    units = read_units(analyse(sentence))
    weight = units[0].weight if units else 0.0
    assert weight == pytest.approx(expected)

