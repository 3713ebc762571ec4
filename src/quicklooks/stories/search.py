"""Searching stories: one interface over SQLite FTS5 (embedded) and PostgreSQL full-text search (production).

Views, the API and tests call :func:`search_stories`; which engine answers
depends only on the database in settings. The index follows the stories by
itself: saving or deleting a story, a Quick Looks bullet or a Deep Look block
re-indexes the story once its transaction commits (:func:`connect`), once
per transaction, or once per import batch (:mod:`quicklooks.stories.batches`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from quicklooks.stories.batches import after_commit
from quicklooks.stories.models import BodyBlock, QuickLook, Story
from quicklooks.stories.search_backends import MARK_END, MARK_START, Hit, backend, document_parts
from quicklooks.text.characters import clean_controls

MAX_RESULTS = 500
"""Matches considered per query before filters; ranking beyond this helps nobody."""


@dataclass
class Result:
    story: Story
    rank: float
    headline_html: SafeString
    snippet_html: SafeString


def marked_html(text: str) -> SafeString:
    """Escape the story text, then turn the engine's marks into ``<mark>`` tags."""
    html = escape(text)
    html = html.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own tags added


INDEX_CHUNK = 500
"""Stories read and written per statement when indexing many (keeps SQLite's bound parameters in range)."""


def _parts(story: Story) -> tuple[str, str, str]:
    # Ordered in Python: the stories come with their bullets and blocks prefetched.
    parts = document_parts(
        story.headline,
        [bullet.text for bullet in sorted(story.quick_looks.all(), key=lambda b: b.position)],
        [(block.text, block.items) for block in sorted(story.blocks.all(), key=lambda b: b.position)],
    )
    # The engines mark matches with two control characters: story text that
    # carries them (a row stored before the control-character policy) would
    # turn into real <mark> tags, so the index never holds any.
    return tuple(clean_controls(part) for part in parts)


def index_stories(story_ids) -> int:
    """Index these stories as stored now, and remove from the index those that no longer exist; returns how many were indexed.

    Three queries and two statements per :data:`INDEX_CHUNK` stories, in one transaction.
    """
    ids = sorted(set(story_ids))
    indexed = 0
    engine = backend()
    for start in range(0, len(ids), INDEX_CHUNK):
        chunk = ids[start : start + INDEX_CHUNK]
        stories = Story.objects.filter(pk__in=chunk).prefetch_related("quick_looks", "blocks")
        rows = [(story.pk, _parts(story)) for story in stories]
        with transaction.atomic():
            engine.remove_many(set(chunk) - {pk for pk, _ in rows})
            engine.index_many(rows)
        indexed += len(rows)
    return indexed


def index_story(story: Story) -> None:
    index_stories([story.pk])


def remove_story(story_id: int) -> None:
    backend().remove_many([story_id])


def reindex_all() -> int:
    return index_stories(Story.objects.values_list("pk", flat=True))


def _day_start(day: date | None):
    return timezone.make_aware(datetime.combine(day, time.min)) if day else None


def search_stories(
    query: str,
    *,
    section: str = "",
    author: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> "Results":
    """Published stories matching ``query``, best first, filtered by section slug, author slug and dates (inclusive)."""
    hits = backend().search(query, MAX_RESULTS)
    if not hits:
        return Results([])
    stories = Story.objects.published().filter(pk__in=[hit.story_id for hit in hits])
    if section:
        stories = stories.filter(section__slug=section)
    if author:
        stories = stories.filter(bylines__author__slug=author)
    # The first and last days a date can name bound nothing: the day before
    # 0001-01-01 or after 9999-12-31 cannot be written, so they filter nothing.
    if date_from and date_from > date.min:
        stories = stories.filter(published_at__gte=_day_start(date_from))
    if date_to and date_to < date.max:
        stories = stories.filter(published_at__lt=_day_start(date_to + timezone.timedelta(days=1)))
    allowed = set(stories.values_list("pk", flat=True))
    return Results([hit for hit in hits if hit.story_id in allowed])


class Results(Sequence):
    """Matches, best first. A page is loaded (cards, Quick Looks, bylines) only when it is sliced out."""

    def __init__(self, hits: list[Hit]):
        self.hits = hits

    def __len__(self) -> int:
        return len(self.hits)

    def __getitem__(self, index):
        if isinstance(index, slice):
            from quicklooks.stories.queries import published_cards

            chosen = self.hits[index]
            cards = {story.pk: story for story in published_cards().filter(pk__in=[hit.story_id for hit in chosen])}
            return [
                Result(cards[hit.story_id], hit.rank, marked_html(hit.headline), marked_html(hit.snippet))
                for hit in chosen
                if hit.story_id in cards
            ]
        found = self[index : index + 1] if index >= 0 else self[index:][:1]
        if not found:
            raise IndexError(index)
        return found[0]

    def __iter__(self):
        return iter(self[:])


# Keeping the index in step with the stories.


def _refresh(story_ids: frozenset) -> None:
    """Index the stories a transaction (or batch) touched; if this ever fails, ``reindex_all()`` puts the index right."""
    index_stories(story_ids)


def _schedule(story_id: int | None) -> None:
    if story_id is None:
        return
    # After commit: an import saves the story first and its blocks after, so
    # indexing at save time would index the story without its Deep Look.
    # Once per transaction (or per import batch) for all the stories it touched.
    after_commit(_refresh, story_id)


def _story_saved(sender, instance, **kwargs):
    _schedule(instance.pk)


def _story_deleted(sender, instance, **kwargs):
    _schedule(instance.pk)


def _part_changed(sender, instance, **kwargs):
    _schedule(instance.story_id)


def connect() -> None:
    post_save.connect(_story_saved, sender=Story, dispatch_uid="search-story-saved")
    post_delete.connect(_story_deleted, sender=Story, dispatch_uid="search-story-deleted")
    for model in (QuickLook, BodyBlock):
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"search-{model.__name__}-saved")
        post_delete.connect(_part_changed, sender=model, dispatch_uid=f"search-{model.__name__}-deleted")
