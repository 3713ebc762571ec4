"""Storing parsed stories: one transaction per story, idempotent by content hash.

``quicklooks import``, the demo loader, ingest, the API and the desk all call
:func:`import_story`. A story is found again by its source and then by its
slug; the same text twice is reported as unchanged and touches nothing.

The review gate lives here, so every way in obeys it: a story whose Quick
Looks the engine wrote, in whole or in part, is stored as "needs review"
(``Story.Status.REVIEW``) and not published, until an editor approves it on
the desk. Only an explicit :class:`Override` (``--publish``, ``"publish":
true``, a source set to publish automatically) publishes it anyway, and each
one is kept on the story as a ``PublishOverride`` naming who set it. Stories
whose bullets were all written by people publish as they always have.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Callable, Literal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from quicklooks.stories.models import Author, BodyBlock, Byline, PublishOverride, QuickLook, Show, Story
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
    held: bool = False  # True when the review gate kept the story from being published


@dataclass(frozen=True)
class Override:
    """An explicit "publish even if the engine wrote the Quick Looks", and who gave it."""

    channel: str  # PublishOverride.Channel
    set_by: str


def command_line_user() -> str:
    """Who ran the command: the system account, and the host, as far as the process can tell."""
    import getpass
    import socket

    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (a container's arbitrary uid)
        user = "unknown user"
    return f"{user}@{socket.gethostname()}"


def command_override() -> Override:
    return Override(PublishOverride.Channel.COMMAND, f"{command_line_user()} (--publish)")


def _generated_count(story: Story) -> int:
    return story.quick_looks.filter(origin=QuickLook.Origin.GENERATED).count()


def _set_status(story: Story, *, generated: int, publish: bool, override: Override | None, hold_generated: bool) -> bool:
    """The review gate's decision, set on the unsaved row; True when the gate holds the story for review.

    Decided before the row is saved, so a new story is written once with its
    final status instead of being saved again for it.
    """
    if generated and hold_generated and override is None:
        if story.status != Story.Status.REVIEW:
            story.status = Story.Status.REVIEW
            story.published_at = None
        return True
    if publish or override is not None:
        if story.status != Story.Status.PUBLISHED:
            story.status = Story.Status.PUBLISHED
            story.published_at = story.published_at or timezone.now()
    return False


def _record_override(story: Story, override: Override | None, generated: int) -> None:
    if override is not None:
        PublishOverride.objects.create(
            story=story, channel=override.channel, set_by=override.set_by[:300], generated_bullets=generated
        )


def _gate(story: Story, *, publish: bool, override: Override | None, hold_generated: bool) -> bool:
    """The review gate for a stored story whose bullets are stored: set and save its status; True when held."""
    generated = _generated_count(story)
    before = (story.status, story.published_at)
    held = _set_status(story, generated=generated, publish=publish, override=override, hold_generated=hold_generated)
    if (story.status, story.published_at) != before:
        story.save(update_fields=["status", "published_at", "updated_at"])
    if not held:
        _record_override(story, override, generated)
    return held


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


def get_or_create_named(model, name: str):
    """Get or create a Section/Show/Author/Tag by its display name (public: the API, desk, CLI and demo use it).

    A new one gets a unique slug from the name ("Politics", then "politics-2"
    if that slug is taken by another name).
    """
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
    override: Override | None = None,
    hold_generated: bool = True,
) -> ImportResult:
    """Store one parsed story in its own transaction.

    The story is found again by ``source`` (or, without one, by its headline's
    slug) and updated in place; identical text is reported ``unchanged``
    wherever it came from. A different source with the same headline makes a
    new story with its own slug rather than overwriting another outlet's.

    A story with no Quick Looks of its own gets them from
    ``quick_looks_writer`` (marked ``generated``, with provenance spans);
    without a writer it is stored with an empty box, flagged for the desk.

    ``publish`` publishes a story whose bullets people wrote. One with
    generated bullets is held for review instead, unless ``override`` says who
    wants it published anyway (recorded on the story). ``hold_generated=False``
    is for the desk's own new stories, which a reporter is still writing.
    Importing unchanged text with an ``override`` publishes a story the gate held.
    """
    digest = content_hash(parsed)
    with transaction.atomic():
        # The story this text updates, known by its source (text without one,
        # from standard input, by its headline's slug), and any story with the
        # very same text: one query finds both, in the stories' own order.
        slug = slugify(parsed.headline)[:120]
        same_story = Q(source=source) if source else Q(slug=slug)
        found = list(Story.objects.select_for_update().filter(same_story | Q(content_hash=digest)))
        existing = next((s for s in found if (s.source == source if source else s.slug == slug)), None)
        if existing is None:
            # The very same text from another path is the same story, not a new one.
            twin = next((s for s in found if s.content_hash == digest), None)
            if twin is not None:
                return _unchanged(twin, override)
        elif existing.content_hash == digest:
            return _unchanged(existing, override)

        story = existing or Story()
        story.headline = parsed.headline
        story.outlet = parsed.outlet
        story.dateline = parsed.dateline
        story.standfirst = parsed.standfirst
        story.quick_looks_label = parsed.quick_looks_label
        story.deep_look_headline = parsed.deep_look_headline
        story.deep_look_dateline = parsed.deep_look_dateline
        story.show = get_or_create_named(Show, parsed.show) if parsed.show else None
        story.source = source or story.source
        story.content_hash = digest
        if existing is None:
            story.slug = unique_slug(parsed.headline)

        # The bullets, the label and the gate's status are known before the
        # row is written, so it is written once (each save also sends post_save).
        if parsed.quick_looks:
            bullets = [
                QuickLook(position=position, text=text, origin=QuickLook.Origin.HUMAN)
                for position, text in enumerate(parsed.quick_looks)
            ]
        elif quick_looks_writer is not None:
            label, written = quick_looks_writer(parsed)
            story.quick_looks_label = story.quick_looks_label or label
            bullets = [
                QuickLook(position=position, text=text, origin=QuickLook.Origin.GENERATED, sources=sources,
                          confidence=confidence)
                for position, (text, sources, confidence) in enumerate(written)
            ]
        else:
            bullets = []
        generated = sum(bullet.origin == QuickLook.Origin.GENERATED for bullet in bullets)
        held = _set_status(story, generated=generated, publish=publish, override=override, hold_generated=hold_generated)
        story.save()

        if existing is not None:
            # A new row has nothing to replace: these would only look for rows that cannot exist.
            story.bylines.all().delete()
            story.blocks.all().delete()
            story.quick_looks.all().delete()
        Byline.objects.bulk_create(
            Byline(story=story, author=get_or_create_named(Author, name), position=position)
            for position, name in enumerate(dict.fromkeys(parsed.bylines))
        )
        BodyBlock.objects.bulk_create(
            BodyBlock(story=story, position=position, kind=block.kind, text=block.text, items=list(block.items), line=block.line)
            for position, block in enumerate(parsed.blocks)
        )
        for bullet in bullets:
            bullet.story = story
        QuickLook.objects.bulk_create(bullets)
        if not held:
            _record_override(story, override, generated)
        return ImportResult("created" if existing is None else "updated", story, held=held)


def _unchanged(story: Story, override: Override | None) -> ImportResult:
    """The same text again: nothing changes, except that an explicit override publishes a story the gate held."""
    if override is not None and story.status != Story.Status.PUBLISHED:
        _gate(story, publish=True, override=override, hold_generated=False)
    return ImportResult("unchanged", story, held=story.status == Story.Status.REVIEW and _generated_count(story) > 0)
