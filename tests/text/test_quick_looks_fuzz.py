"""Random and adversarial text never crashes the Quick Looks writer.

Whatever it is fed, ``write_quick_looks`` returns a ``QuickLooks`` or raises
a ``QuickLooksError`` whose message says what to do; any other exception is
a crash a reader would see as a traceback (``brief``), a stopped batch
(``import``) or a 500 (the API). The example budget is fixed and the
database of found examples is off, so CI runs the same amount of work every
time.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quicklooks.text.labels import write_label
from quicklooks.text.quick_looks import QuickLooks, QuickLooksError, write_quick_looks

# Pieces news text is made of, and pieces that have broken text code before:
# colons before a claim (the labels.py crash), quotes left open, list marks,
# datelines, subhead-like lines, control characters and lone punctuation.
FRAGMENTS = [
    "Putin warned that foreign troops would be targets.",
    "The council voted 7-2 on Tuesday to approve the budget.",
    ": the troops would be targets.",
    " : ",
    "“If any troops appear there,” he said.",
    "- 157 strike and decoy drones",
    "Russian forces launched:",
    "VLADIVOSTOK, Russia — ",
    "( cnn ) -- ",
    "Drone Warfare Escalates Overnight",
    "However, ",
    "“",
    "”",
    "...",
    "\x02",
    "\u200b",
    "1. ",
    "He said.",
    "It is, they said, not over.",
    "\n\n",
    "\n",
    ", officials said.",
    "respectively",
    "12,000",
    "$4.2 million",
]

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=15).map(" ".join),
)

BUDGET = settings(
    max_examples=120,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


@BUDGET
@given(texts, st.one_of(st.none(), st.integers(min_value=1, max_value=10)))
def test_write_quick_looks_accepts_only_a_box_or_a_clear_error(text, bullets):
    try:
        result = write_quick_looks(text, bullets)
    except QuickLooksError as error:
        assert str(error).strip()
        return
    assert isinstance(result, QuickLooks)
    assert result.bullets
    assert all(b.text.strip() for b in result.bullets)


def test_a_bullet_opening_with_its_colon_gets_a_label():
    # Found by fuzzing: an empty speaker before ": " raised IndexError (labels.py).
    label = write_label(": the troops would be targets.", "x")
    assert label and label.split()


@BUDGET
@given(st.text(max_size=200), st.one_of(st.none(), st.text(max_size=200)), st.text(max_size=120))
def test_write_label_never_crashes(bullet, source, headline):
    assert isinstance(write_label(bullet, source, headline=headline), str)
