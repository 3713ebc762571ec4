"""How fit each sentence is to become a bullet: a golden table of unit weights."""

from __future__ import annotations

import pytest

from quicklooks.text.document import analyse
from quicklooks.text.units import read_units

# (sentence, expected weight). A full news sentence weighs 1; one shorter than
# a bullet (16 words) weighs sqrt(words / 16); quotes, questions, list
# introductions and pronoun openers weigh less; boilerplate nothing.
GOLDEN = [
    ("Russian forces launched 157 strike and decoy drones at Ukrainian cities overnight, the air force said.", 1.0),
    ("Officials in Kyiv said the talks would resume in Geneva next week.", (12 / 16) ** 0.5),
    ("The talks stalled again on Monday.", (6 / 16) ** 0.5),
    ("Was it worth the risk to the soldiers who crossed the river that night?", (14 / 16) ** 0.5 * 0.3),
    ("He said the coalition had agreed to keep its troops in the country until the end of next year.", 0.8),
    ("“Not one foreign soldier will be safe on Ukrainian soil while the fighting goes on,” Putin said.", 0.5),
    ("Scroll down for video of the launch.", 0.0),
    ("Yes.", 0.0),
]


@pytest.mark.parametrize("sentence, expected", GOLDEN, ids=[row[0][:40] for row in GOLDEN])
def test_unit_weight(sentence: str, expected: float) -> None:
    units = read_units(analyse(sentence))
    weight = units[0].weight if units else 0.0
    assert weight == pytest.approx(expected)

