"""How a bullet's text is tidied once its words are chosen: golden rows."""

from __future__ import annotations

import pytest

from quicklooks.text.clauses import tidy

TIDY = [
    pytest.param("the ferry left at noon ,", "The ferry left at noon.", id="stranded-comma-becomes-the-stop"),
    pytest.param("Pollster Ann Selzer is happy to be Iowa’s “silver standard,”",
                 "Pollster Ann Selzer is happy to be Iowa’s “silver standard.”", id="comma-inside-a-closing-quote"),
    pytest.param("He said “we will win,”.", "He said “we will win.”", id="comma-inside-a-quote-before-a-stop"),
    pytest.param("She called it “a disgrace.”", "She called it “a disgrace.”", id="closed-quote-left-alone"),
    pytest.param("The board (which met on Monday voted.", "The board which met on Monday voted.", id="unpaired-bracket"),
    pytest.param("(The motives were never about principle.).", "The motives were never about principle.",
                 id="a-sentence-in-brackets-loses-them"),
    pytest.param("The board (in full) met.", "The board (in full) met.", id="brackets-inside-stay"),
]


@pytest.mark.parametrize("text, tidied", TIDY)
def test_tidy(text: str, tidied: str) -> None:
    assert tidy(text) == tidied
