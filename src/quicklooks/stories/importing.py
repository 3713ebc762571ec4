"""Storing parsed stories: one transaction per story, idempotent by content hash.

``quicklooks import``, the demo loader and (later) the ingest tasks all call
:func:`import_story`. A story is found again by its source and then by its
slug; the same text twice is reported as unchanged and touches nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Callable, Literal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from quicklooks.stories.models import Author, BodyBlock, Byline, QuickLook, Show, Story
from quicklooks.text import story as text_story
from quicklooks.text.storyformat import write_story

Outcome = Literal["created", "updated", "unchanged"]

# The Quick Looks writer for stories that arrive without a box. Set by the
# engine's integration (quicklooks.stories.quick_looks); a callable taking the
# Deep Look text and returning (label, [(bullet_text, sources), ...]).
QuickLooksWriter = Callable[[str], tuple[str, list[tuple[str, list[dict]]]]]


@dataclass(frozen=True)
class ImportResult:
    outcome: Outcome
    story: Story


def content_hash(story: text_story.Story) -> str:
    """SHA-256 of the story as the outlet's text format: equal stories, equal hashes."""
    return hashlib.sha256(write_story(story).encode("utf-8")).hexdigest()


def unique_slug(headline: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(headline)[:120].strip("-") or "story"
    slug, counter = base, 2
    taken = Story.objects.exclude(pk=exclude_pk) if exclude_pk else Story.objects.all()
    while taken.filter(slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def _named(model, name: str):
    """Get or create a Section/Show/Author/Tag by its display name."""
    base = slugify(name)[:70] or "item"
    obj = model.objects.filter(name=name).first()
    if obj:
        return obj
    slug, counter = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return model.objects.create(name=name, slug=slug)


def import_story(
    parsed: text_story.Story,
    *,
    source: str = "",
    publish: bool = True,
    quick_looks_writer: QuickLooksWriter | None = None,
) -> ImportResult:
    """Store one parsed story in its own transaction.

    The story is found again by ``source`` (or, without one, by its headline's
    slug) and updated in place; identical text is reported ``unchanged``
    wherever it came from. A different source with the same headline makes a
    new story with its own slug rather than overwriting another outlet's.

    A story with no Quick Looks of its own gets them from
    ``quick_looks_writer`` (marked ``generated``, with provenance spans);
    without a writer it is stored with an empty box, flagged for the desk.
    """
    digest = content_hash(parsed)
    with transaction.atomic():
        existing = None
        if source:
            existing = Story.objects.select_for_update().filter(source=source).first()
        else:
            # Text without a source (standard input) is known by its headline.
            existing = Story.objects.select_for_update().filter(slug=slugify(parsed.headline)[:120]).first()
        if existing is None:
            # The very same text from another path is the same story, not a new one.
            twin = Story.objects.filter(content_hash=digest).first()
            if twin is not None:
                return ImportResult("unchanged", twin)
        elif existing.content_hash == digest:
            return ImportResult("unchanged", existing)

        story = existing or Story()
        story.headline = parsed.headline
        story.outlet = parsed.outlet
        story.dateline = parsed.dateline
        story.standfirst = parsed.standfirst
        story.quick_looks_label = parsed.quick_looks_label
        story.deep_look_headline = parsed.deep_look_headline
        story.deep_look_dateline = parsed.deep_look_dateline
        story.show = _named(Show, parsed.show) if parsed.show else None
        story.source = source or story.source
        story.content_hash = digest
        if existing is None:
            story.slug = unique_slug(parsed.headline)
        if publish and story.status != Story.Status.PUBLISHED:
            story.status = Story.Status.PUBLISHED
            story.published_at = story.published_at or timezone.now()
        story.save()

        story.bylines.all().delete()
        Byline.objects.bulk_create(
            Byline(story=story, author=_named(Author, name), position=position)
            for position, name in enumerate(dict.fromkeys(parsed.bylines))
        )
        story.blocks.all().delete()
        BodyBlock.objects.bulk_create(
            BodyBlock(story=story, position=position, kind=block.kind, text=block.text, items=list(block.items), line=block.line)
            for position, block in enumerate(parsed.blocks)
        )
        story.quick_looks.all().delete()
        if parsed.quick_looks:
            QuickLook.objects.bulk_create(
                QuickLook(story=story, position=position, text=text, origin=QuickLook.Origin.HUMAN)
                for position, text in enumerate(parsed.quick_looks)
            )
        elif quick_looks_writer is not None:
            label, bullets = quick_looks_writer(parsed.deep_look_text())
            if not story.quick_looks_label:
                story.quick_looks_label = label
                story.save(update_fields=["quick_looks_label"])
            QuickLook.objects.bulk_create(
                QuickLook(story=story, position=position, text=text, origin=QuickLook.Origin.GENERATED, sources=sources)
                for position, (text, sources) in enumerate(bullets)
            )
        return ImportResult("created" if existing is None else "updated", story)
