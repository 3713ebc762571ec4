"""Stories with their facts stored, the way a real import leaves them.

Facts are extracted when the story's transaction commits; in a test that
runs inside a rolled-back transaction, ``django_capture_on_commit_callbacks``
runs those callbacks for real.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.utils import timezone

from quicklooks.stories.demo import load_demo
from quicklooks.stories.library import import_paths
from quicklooks.stories.models import Story

FILES = Path(__file__).resolve().parent.parent / "files"
GOLD = FILES / "stories" / "putin-foreign-troops.gold.json"
FERRY = FILES / "facts-site" / "harbour-ferry-fares.txt"


@pytest.fixture
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture
def sample(db, django_capture_on_commit_callbacks) -> Story:
    with django_capture_on_commit_callbacks(execute=True):
        story = load_demo().story
    return Story.objects.get(pk=story.pk)


@pytest.fixture
def ferry(db, django_capture_on_commit_callbacks) -> Story:
    with django_capture_on_commit_callbacks(execute=True):
        import_paths([str(FERRY)], echo=lambda line: None)
    # Its Quick Looks are machine-written, so the import leaves it for review; the page tests read it published.
    Story.objects.filter(slug__startswith="harbour-ferry-fares").update(
        status=Story.Status.PUBLISHED, published_at=timezone.now()
    )
    return Story.objects.get(slug__startswith="harbour-ferry-fares")
