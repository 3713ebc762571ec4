"""Golden table for lengthening a picked bullet with the words its sentence still has room for."""

from __future__ import annotations

import pytest

from quicklooks.text.compression import MAX_WORDS, compress_sentence, count_words
from quicklooks.text.extension import lengthen

GOLDEN = [
    pytest.param(
        "bobby zamora ( left ) scored qpr 's third goal with an astounding lob from a narrow "
        "angle against west brom at the hawthorns .",
        False,
        "Bobby zamora scored qpr 's third goal with an astounding lob from a narrow angle .",
        id="phrase-that-fits-comes-back",
    ),
    pytest.param(
        "a texas highway was thrown into chaos on friday when the door of brinks armored truck "
        "flew open , causing money to spill onto the road .",
        False,
        "A texas highway was thrown into chaos on friday .",
        id="clause-without-its-verb-stays-out",
    ),
    pytest.param(
        "The council said the new bridge over the river would finally open in March after "
        "the engineers found cracks, and the mayor apologised.",
        True,
        "The council said the new bridge over the river would finally open in March.",
        id="never-past-a-comma",
    ),
    pytest.param(
        "eva chapin , 34 , from west linn , oregon , was booked into jail after she left a "
        "string of offensive post-it notes on the door of the family home .",
        False,
        "Eva chapin from west linn , oregon , was booked into jail .",
        id="never-before-of-nor-on-a-bare-verb",
    ),
]


@pytest.mark.parametrize(("sentence", "cased", "expected"), GOLDEN)
def test_golden(sentence: str, cased: bool, expected: str) -> None:
    compression = compress_sentence(sentence, cased=cased)
    assert compression is not None
    longer = lengthen(sentence, compression, cased=cased)
    assert longer.text == expected
    assert count_words(longer.text) <= MAX_WORDS


def test_provenance_follows_the_added_words() -> None:
    sentence = GOLDEN[0].values[0]
    longer = lengthen(sentence, compress_sentence(sentence, cased=False), cased=False)
    start, end = longer.kept[-1]
    # The last kept span now ends where the bullet does, so the source link
    # highlights exactly the words shown.
    assert sentence[start:end].endswith("lob from a narrow angle")


def test_a_quote_is_never_entered() -> None:
    sentence = (
        "The mayor promised that the new hospital would open with “a wing for children” "
        "after the cuts were reversed by the council."
    )
    compression = compress_sentence(sentence, cased=True)
    assert compression is not None
    longer = lengthen(sentence, compression, cased=True)
    # The quote is kept whole or not at all: here it fits, so it comes back whole.
    assert longer.text == "The mayor promised that the new hospital would open with “a wing for children”."


def test_a_full_bullet_is_left_alone() -> None:
    sentence = GOLDEN[0].values[0]
    compression = compress_sentence(sentence, cased=False)
    assert lengthen(sentence, compression, compression.words, cased=False) is compression
