"""Extracting a stored story's facts and keeping them, one transaction per story.

:func:`refresh_facts` is the one way in: the save hooks (``signals``), the
``quicklooks facts --rebuild`` command and tests all call it. It hashes the
story's Deep Look text and does nothing when the stored facts came from the
same text, so saving a story without touching its body costs one query.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Callable, Iterable, Literal

from django.db import transaction
from django.utils.text import slugify

from quicklooks.facts.models import (
    Figure,
    Organization,
    OrganizationMention,
    Person,
    PersonMention,
    Place,
    PlaceMention,
    Quote,
    StoryFacts,
)
from quicklooks.stories.models import Story
from quicklooks.text.story import Story as TextStory

log = logging.getLogger(__name__)

Outcome = Literal["extracted", "unchanged"]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _fit(value: str | None, field) -> str:
    """Extracted strings go into bounded columns; odd input must not fail the save."""
    return (value or "")[: field.max_length]


def _fit_or_none(value: str | None, field) -> str | None:
    """As :func:`_fit`, keeping None (not stated) apart from a stated value."""
    return None if value is None else value[: field.max_length]


def _unique_slug(model, name: str) -> str:
    base = slugify(name)[:180].strip("-") or model._meta.model_name
    slug, counter = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def _people(found) -> dict[str, Person]:
    """Person rows for the extracted people, by extracted name: one query when all are known."""
    name_field, role_field = Person._meta.get_field("name"), Person._meta.get_field("role")
    known = {p.name: p for p in Person.objects.filter(name__in=[_fit(f.name, name_field) for f in found])}
    out: dict[str, Person] = {}
    for f in found:
        name, role = _fit(f.name, name_field), _fit(f.role, role_field)
        person = known.get(name)
        if person is None:
            person = known[name] = Person.objects.create(name=name, slug=_unique_slug(Person, name), role=role)
        elif role and person.role != role:
            # The latest story's role wins: people change jobs.
            person.role = role
            person.save(update_fields=["role"])
        out[f.name] = person
    return out


def _places(found) -> list[Place]:
    name_field, country_field = Place._meta.get_field("name"), Place._meta.get_field("country")
    keys = [(_fit(f.name, name_field), _fit(f.country, country_field)) for f in found]
    known = {(p.name, p.country): p for p in Place.objects.filter(name__in=[k[0] for k in keys])}
    out = []
    for (name, country), f in zip(keys, found):
        place = known.get((name, country))
        if place is None:
            slug = _unique_slug(Place, f"{name} {country}" if country and country != name else name)
            place = known[(name, country)] = Place.objects.create(name=name, country=country, lat=f.lat, lon=f.lon, slug=slug)
        elif f.lat is not None and (place.lat, place.lon) != (f.lat, f.lon):
            place.lat, place.lon = f.lat, f.lon
            place.save(update_fields=["lat", "lon"])
        out.append(place)
    return out


def _organizations(found) -> dict[str, Organization]:
    name_field = Organization._meta.get_field("name")
    known = {o.name: o for o in Organization.objects.filter(name__in=[_fit(f.name, name_field) for f in found])}
    out: dict[str, Organization] = {}
    for f in found:
        name = _fit(f.name, name_field)
        organization = known.get(name)
        if organization is None:
            organization = known[name] = Organization.objects.create(name=name, slug=_unique_slug(Organization, name))
        out[f.name] = organization
    return out


def _first_each(rows):
    """(position, row) for each distinct row, at its first position."""
    seen: set[int] = set()
    for position, row in enumerate(rows):
        if row.pk not in seen:
            seen.add(row.pk)
            yield position, row


def _holds_facts(story: Story) -> bool:
    """Whether any quote, figure or mention of the story is stored, in one query.

    A story met for the first time (every import) holds none, and each of the
    five deletes would look on its own: a delete reads the rows first, for the
    post_delete signal the page cache hears.
    """
    parts = [
        model.objects.filter(story=story).values("story_id")
        for model in (Quote, Figure, PersonMention, PlaceMention, OrganizationMention)
    ]
    return parts[0].union(*parts[1:], all=True).exists()


def refresh_facts(story: Story, *, force: bool = False) -> Outcome:
    """Extract ``story``'s facts again if its Deep Look changed since the last time (or ``force``).

    Replaces the story's quotes, figures and mentions in one transaction, so
    a reader never sees half of the old facts and half of the new.
    """
    from quicklooks.text.facts import extract_facts

    # Only what the facts read, the headline and the Deep Look's blocks:
    # to_text_story() would also query the bylines and the Quick Looks.
    deep_look = TextStory(headline=story.headline, blocks=tuple(block.to_text_block() for block in story.blocks.all()))
    digest = text_hash(deep_look.deep_look_text())
    if not force and StoryFacts.objects.filter(story=story, text_hash=digest).exists():
        return "unchanged"
    # The Story, not its text: the analysis is kept by headline and blocks, so
    # the one the Quick Looks writer or the topics made of this story is
    # reused, where the text alone was parsed once more. Its text is
    # deep_look_text(), so the stored offsets are the same either way.
    found = extract_facts(deep_look)
    with transaction.atomic():
        # Lock the story row so two saves racing to refresh its facts take turns.
        Story.objects.select_for_update().filter(pk=story.pk).exists()
        if _holds_facts(story):
            story.quotes.all().delete()
            story.figures.all().delete()
            story.person_mentions.all().delete()
            story.place_mentions.all().delete()
            story.organization_mentions.all().delete()

        people = _people(found.people)
        roles = {people[p.name].pk: p.role for p in reversed(found.people)}  # first mention's role
        PersonMention.objects.bulk_create(
            PersonMention(story=story, person=person, role=_fit(roles[person.pk], PersonMention._meta.get_field("role")), position=position)
            for position, person in _first_each([people[p.name] for p in found.people])
        )
        PlaceMention.objects.bulk_create(
            PlaceMention(story=story, place=place, position=position) for position, place in _first_each(_places(found.places))
        )
        organizations = _organizations(found.organizations)
        OrganizationMention.objects.bulk_create(
            OrganizationMention(story=story, organization=organization, position=position)
            for position, organization in _first_each([organizations[o.name] for o in found.organizations])
        )

        media = {(q.start, q.end): q.medium for q in found.quotes}
        field = Quote._meta.get_field
        Quote.objects.bulk_create(
            Quote(
                story=story,
                position=position,
                text=a.text,
                speaker=_fit_or_none(a.speaker, field("speaker")),
                speaker_person=people.get(a.speaker) if a.speaker else None,
                speaker_organization=organizations.get(a.speaker) if a.speaker and a.speaker not in people else None,
                kind=a.kind,
                form=a.form,
                medium=_fit_or_none(media.get((a.start, a.end)) if a.kind == "direct" else None, field("medium")),
                start=a.start,
                end=a.end,
                role=_fit_or_none(a.role, field("role")),
                source=_fit_or_none(a.source, field("source")),
                source_start=a.source_start,
                source_end=a.source_end,
                cue=_fit_or_none(a.cue, field("cue")),
                cue_start=a.cue_start,
                cue_end=a.cue_end,
                confidence=a.confidence,
            )
            for position, a in enumerate(found.attributions)
        )
        Figure.objects.bulk_create(
            Figure(
                story=story,
                position=position,
                value=float(f.value),
                upper=float(f.upper) if f.upper is not None else None,
                unit=_fit_or_none(f.unit, Figure._meta.get_field("unit")),
                counts=_fit_or_none(f.counts, Figure._meta.get_field("counts")),
                claimed_by=_fit_or_none(f.claimed_by, Figure._meta.get_field("claimed_by")),
                sentence=f.sentence,
                start=f.start,
                end=f.end,
            )
            for position, f in enumerate(found.figures)
        )
        StoryFacts.objects.update_or_create(story=story, defaults={"text_hash": digest})
        # Saving StoryFacts (a watched model, see quicklooks.caching.watching)
        # makes cached pages stale once this transaction commits.
    return "extracted"


def rebuild_all(*, force: bool = False, progress: Callable[[Iterable], Iterable] = lambda items: items) -> dict[str, int]:
    """Refresh every story's facts, one transaction per story; returns counts by outcome.

    A story whose extraction fails is logged and counted as ``failed``; the
    others are still refreshed.
    """
    counts = {"extracted": 0, "unchanged": 0, "failed": 0}
    ids = list(Story.objects.order_by("pk").values_list("pk", flat=True))
    for story_id in progress(ids):
        story = Story.objects.filter(pk=story_id).prefetch_related("blocks", "quick_looks", "bylines__author").first()
        if story is None:
            continue  # deleted while we worked
        try:
            counts[refresh_facts(story, force=force)] += 1
        except Exception:
            log.exception("could not extract the facts of story %s (%s)", story.pk, story.slug)
            counts["failed"] += 1
    return counts
