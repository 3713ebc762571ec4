"""Fuzzing the text core's entries: the story parser and fact extraction never crash, whatever they read.

``parse_story`` returns a Story or raises a StoryFormatError naming the line;
what it returns holds no control character and respects the caps.
``extract_facts`` returns Facts whose offsets point into the text. Any other
exception is a crash a user would see as a traceback or a stopped import.
The example budget is fixed and derandomised, so CI does the same work each
run (the Quick Looks writer's own fuzz test is tests/text/test_quick_looks_fuzz.py).
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quicklooks.text.facts import extract_facts
from quicklooks.text.story import Story
from quicklooks.text.storyformat import MAX_LIST_ITEMS, MAX_QUICK_LOOKS, StoryFormatError, parse_story

# Lines stories are made of, and lines that have broken text code before.
LINES = [
    "Council Closes Bridge/ Newslooks/ RIVERSIDE/ Lena Ortiz/ Evening Edition/ A standfirst.",
    "Headline/ Outlet/ CITY/ Author/ Standfirst",
    "/ / / / /",
    "Quick Looks",
    "Bridge Closure: Quick Looks",
    "Deep Look: The Bridge",
    "Deep Look:",
    "- The council voted 7-2 on Tuesday to close the bridge.",
    "- ",
    "-",
    "• 157 drones, 2,200 homes",
    "RIVERSIDE, Ohio — The council voted on Tuesday to close the Mill Street bridge.",
    "“We had no choice,” said Mayor Ana Ruiz, 54, of the Green Party.",
    "He said prices rose 4.2% to $1.5 billion in 2024, from 3.1% a year earlier.",
    "Residents Ask For More",
    "You must Register or Login to post a comment.",
    "Share",
    ":",
    "“",
    "\x02\x03",
    "\x1b[31m",
    "\u202egnp.exe",
    "\u200b",
    "\ufeff",
    "\r",
    "\t",
    "",
    "ニュース速報：橋が閉鎖された。",
]
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

lines = st.one_of(st.sampled_from(LINES), st.text(max_size=40))
stories = st.lists(lines, min_size=0, max_size=30).map("\n".join)


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(stories)
def test_the_story_parser_returns_a_story_or_a_clear_error(text):
    try:
        story = parse_story(text, name="fuzz.txt")
    except StoryFormatError as error:
        assert str(error).startswith("fuzz.txt"), str(error)
        return
    assert isinstance(story, Story) and story.headline
    assert len(story.quick_looks) <= MAX_QUICK_LOOKS
    assert sum(len(block.items) for block in story.blocks) <= MAX_LIST_ITEMS
    fields = [story.headline, story.outlet, story.dateline, story.standfirst, *story.quick_looks]
    fields += [block.text for block in story.blocks] + [item for block in story.blocks for item in block.items]
    assert not any(CONTROL.search(field) for field in fields), fields


SENTENCES = [
    "“We will not back down,” said Mayor Ana Ruiz.",
    "The council, led by Tom Hale, approved $4.2 million for repairs.",
    "Prices rose 12% in March, the statistics office said on Friday.",
    "According to police, 3 people were hurt.",
    "Officials in Kyiv, Ukraine, said 157 drones were launched.",
    "“It is over”",
    "he said.",
    "said",
    "“",
    "”",
    "- 1,000 items",
    "2.5 million",
    "$",
    "%",
    "Mr.",
    "\x02",
    "\n",
    "\n\n",
]


@settings(max_examples=60, derandomize=True, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(SENTENCES), st.text(max_size=25)), min_size=0, max_size=14).map(" ".join))
def test_fact_extraction_never_crashes_and_points_into_the_text(text):
    facts = extract_facts(text)
    size = len(text)
    for figure in facts.figures:
        for name in ("start", "end"):
            value = getattr(figure, name, None)
            if isinstance(value, int):
                assert 0 <= value <= size
    for quote in facts.quotes:
        for name in ("start", "end"):
            value = getattr(quote, name, None)
            if isinstance(value, int):
                assert 0 <= value <= size
