"""Labels read off the lead bullet's parse (no headline): who did what, never inverted, never a fragment.

Each row is a story of our own whose lead sentence is the row's text; the
label must be the expected one, or, for the "never" rows, none of the labels
listed.
"""

from __future__ import annotations

import pytest

from quicklooks.text.quick_looks import write_quick_looks

LABELS = [
    # A headline's passive is its participle: "Books" would say she booked someone.
    pytest.param("Eva Chapin was booked into jail on Friday after a dispute with her neighbours. "
                 "Police said the dispute began over a parking space.", "Eva Chapin Booked Into Jail", id="passive-participle"),
    pytest.param("A former Eurovision contestant could still be elected as an MP despite dying two days ago. "
                 "The vote would then be declared void.", "Former Eurovision Contestant Could Be Elected",
                 id="modal-keeps-its-be"),
    # The score has no noun to count, and the infinitive (parsed as an
    # adverbial clause here) says what the vote was for.
    pytest.param("The city council voted 7 to 2 on Monday night to close the Mill Street bridge to all traffic. "
                 "The bridge, built in 1931, carries about 14,000 vehicles a day.", "City Council Votes to Close Bridge",
                 id="vote-names-what-it-was-for"),
    # A currency symbol heads its amount: the label keeps the whole figure.
    pytest.param("The council voted to spend $4.2 million on a flood wall. The plan raises property taxes.",
                 "Council Votes to Spend $4.2 Million", id="amount-after-an-infinitive-kept-whole"),
    # A "no" before the object is the fact: without it the label says the opposite.
    pytest.param("The harbour board has no money for a second ferry this year. The old ferry will run until May.",
                 "Harbour Board Has No Money", id="negating-determiner-kept"),
]

NEVER = [
    pytest.param("The first winner of the show has been dropped by her record label. "
                 "She now works as a holiday camp performer.", ["First Winner Drops", "Winner Drops Record Label"],
                 id="passive-never-inverted"),
    pytest.param("Coach Shaun Wane said he wanted to see Flower come back an even more aggressive player. "
                 "Flower returned from suspension on Thursday.", ["Coach Shaun Says", "Shaun Wane Says"],
                 id="never-a-reporting-verb-alone"),
    pytest.param("The city council voted 7 to 2 on Monday night to close the Mill Street bridge to all traffic. "
                 "Repairs will take four months.", ["City Council Votes 7", "City Council Votes"],
                 id="never-a-bare-number-object"),
]


@pytest.mark.parametrize("text, label", LABELS)
def test_label_from_the_lead_bullets_parse(text: str, label: str) -> None:
    assert write_quick_looks(text).label == label


@pytest.mark.parametrize("text, bad", NEVER)
def test_label_never_inverted_or_a_fragment(text: str, bad: list[str]) -> None:
    label = write_quick_looks(text).label
    assert label not in bad
    assert label.split()[-1].lower() not in ("says", "said", "tells", "warns"), label
