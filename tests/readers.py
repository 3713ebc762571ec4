"""Fixtures shared by the readers' tests (topics, search, feeds, API): the topics fixture set, stored."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

TOPICS = Path(__file__).parent / "files" / "topics"


def manifest() -> list[dict]:
    rows = json.loads((TOPICS / "manifest.json").read_text())["stories"]
    return sorted(rows, key=lambda row: row["published_at"])


def store_topic_stories(*, rebuild: bool = True) -> dict[str, str]:
    """Import the 31 fixture stories with their sections and dates; returns slug -> true topic."""
    from quicklooks.stories.importing import get_or_create_named, import_story
    from quicklooks.stories.models import Section, Story
    from quicklooks.text.storyformat import read_story_file

    truth = {}
    for row in manifest():
        result = import_story(read_story_file(TOPICS / row["file"]), source=str(TOPICS / row["file"]))
        Story.objects.filter(pk=result.story.pk).update(
            section=get_or_create_named(Section, row["section"]), published_at=datetime.fromisoformat(row["published_at"])
        )
        truth[result.story.slug] = row["topic"]
    if rebuild:
        from quicklooks.topics.clustering import rebuild as rebuild_topics

        rebuild_topics()
    return truth


@pytest.fixture
def load_topic_stories(db, django_capture_on_commit_callbacks):
    """The fixture set stored, indexed for search (the on-commit hooks run) and clustered by date."""
    from quicklooks.topics.clustering import rebuild

    with django_capture_on_commit_callbacks(execute=True):
        truth = store_topic_stories(rebuild=False)
    rebuild()
    return truth
