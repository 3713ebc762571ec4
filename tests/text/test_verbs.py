"""Golden table for finite-verb recognition without a tagger."""

from __future__ import annotations

import pytest

from quicklooks.text.verbs import has_finite_verb, is_finite_verb


@pytest.mark.parametrize(
    ("word", "finite"),
    [
        ("said", True),
        ("died", True),  # four letters are enough for the -ed ending
        ("used", True),
        ("launched", True),
        ("isn't", True),
        ("they're", True),
        ("shed", False),
        ("need", False),
        ("hundred", False),
        ("aged", False),
        ("bed", False),
        ("drone", False),
        ("refinery", False),
    ],
)
def test_is_finite_verb(word: str, finite: bool) -> None:
    assert is_finite_verb(word) is finite


@pytest.mark.parametrize(
    ("text", "states"),
    [
        ("The mayor died on Sunday.", True),
        ("Russian forces launched 157 drones.", True),
        ("Flintoff, speaking at the launch.", False),
        # A verb inside a who/which clause belongs to the subject.
        ("A mum who says she felt like a rabbit in headlights.", False),
        ("A hundred seeds in the shed.", False),
        # ... but only up to its closing comma: the main verb comes after it.
        ("The country, which has carried out 15 executions, has vowed to go on.", True),
        ("Anuradha Koirala, who rescues victims of trafficking, runs a shelter.", True),
    ],
)
def test_has_finite_verb(text: str, states: bool) -> None:
    assert has_finite_verb(text) is states
