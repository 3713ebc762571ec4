"""The demo story that ``quicklooks serve`` publishes on an empty site."""

from __future__ import annotations

from importlib import resources

from quicklooks.stories.importing import ImportResult, get_or_create_named, import_story
from quicklooks.stories.models import Section
from quicklooks.text.storyformat import decode_story_bytes, parse_story

SAMPLE = "putin-foreign-troops.txt"
SAMPLE_SOURCE = "demo:" + SAMPLE
SAMPLE_SECTION = "World"


def sample_text() -> str:
    data = resources.files(__package__).joinpath(SAMPLE).read_bytes()
    return decode_story_bytes(data, name=SAMPLE)


def load_demo() -> ImportResult:
    """Import and publish the sample story; a second call changes nothing."""
    result = import_story(parse_story(sample_text(), name=SAMPLE), source=SAMPLE_SOURCE, publish=True)
    if result.story.section_id is None:
        result.story.section = get_or_create_named(Section, SAMPLE_SECTION)
        result.story.save(update_fields=["section"])
    return result
