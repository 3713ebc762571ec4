"""extract_facts() of a Story: the facts its Deep Look text gives, from the analysis the other engines share."""

from __future__ import annotations

from pathlib import Path

import pytest

from quicklooks.text.document import analyse
from quicklooks.text.facts import extract_facts, facts_to_dict
from quicklooks.text.storyformat import read_story_file

FILES = Path(__file__).resolve().parent.parent / "files"
# The sample, the written facts stories (quotes, figures, claimants) and a
# story with subheads and a list, whose blocks the story format reads.
STORIES = [
    FILES / "stories" / "putin-foreign-troops.txt",
    FILES / "stories" / "no-quick-looks.txt",
    *sorted((FILES / "facts").glob("*.txt")),
    FILES / "facts-site" / "harbour-ferry-fares.txt",
]


@pytest.mark.parametrize("path", STORIES, ids=lambda p: p.stem)
def test_a_story_gives_the_facts_of_its_deep_look_text(path):
    story = read_story_file(path)
    text = story.deep_look_text()
    found = extract_facts(story)
    # Same facts, same offsets: stored quotes and figures are spans of deep_look_text().
    assert facts_to_dict(found) == facts_to_dict(extract_facts(text))
    assert analyse(story).text == text
    for a in found.attributions:
        assert text[a.start : a.end] == a.text
