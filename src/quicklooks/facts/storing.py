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


def _person(name: str, role: str | None) -> Person:
    name = _fit(name, Person._meta.get_field("name"))
    person = Person.objects.filter(name=name).first()
    if person is None:
        return Person.objects.create(name=name, slug=_unique_slug(Person, name), role=_fit(role, Person._meta.get_field("role")))
    if role and person.role != role:
        person.role = _fit(role, Person._meta.get_field("role"))
        person.save(update_fields=["role"])
    return person


def _place(name: str, country: str | None, lat: float | None, lon: float | None) -> Place:
    name = _fit(name, Place._meta.get_field("name"))
    country = _fit(country, Place._meta.get_field("country"))
    place = Place.objects.filter(name=name, country=country).first()
    if place is None:
        return Place.objects.create(name=name, country=country, lat=lat, lon=lon, slug=_unique_slug(Place, f"{name} {country}" if country and country != name else name))
    if lat is not None and (place.lat, place.lon) != (lat, lon):
        place.lat, place.lon = lat, lon
        place.save(update_fields=["lat", "lon"])
    return place


def _organization(name: str) -> Organization:
    name = _fit(name, Organization._meta.get_field("name"))
    organization = Organization.objects.filter(name=name).first()
    if organization is None:
        organization = Organization.objects.create(name=name, slug=_unique_slug(Organization, name))
    return organization


def refresh_facts(story: Story, *, force: bool = False) -> Outcome:
    """Extract ``story``'s facts again if its Deep Look changed since the last time (or ``force``).

    Replaces the story's quotes, figures and mentions in one transaction, so
    a reader never sees half of the old facts and half of the new.
    """
    from quicklooks.text.facts import extract_facts

    text = story.deep_look_text()
    digest = text_hash(text)
    if not force and StoryFacts.objects.filter(story=story, text_hash=digest).exists():
        return "unchanged"
    found = extract_facts(text)
    with transaction.atomic():
        # Lock the story row so two saves racing to refresh its facts take turns.
        Story.objects.select_for_update().filter(pk=story.pk).exists()
        story.quotes.all().delete()
        story.figures.all().delete()
        story.person_mentions.all().delete()
        story.place_mentions.all().delete()
        story.organization_mentions.all().delete()

        people: dict[str, Person] = {}
        for position, found_person in enumerate(found.people):
            person = _person(found_person.name, found_person.role)
            if person.pk in {p.pk for p in people.values()}:
                continue
            people[found_person.name] = person
            PersonMention.objects.create(
                story=story, person=person, role=_fit(found_person.role, PersonMention._meta.get_field("role")), position=position
            )
        seen_places: set[int] = set()
        for position, found_place in enumerate(found.places):
            place = _place(found_place.name, found_place.country, found_place.lat, found_place.lon)
            if place.pk not in seen_places:
                seen_places.add(place.pk)
                PlaceMention.objects.create(story=story, place=place, position=position)
        organizations: dict[str, Organization] = {}
        for position, found_org in enumerate(found.organizations):
            organization = _organization(found_org.name)
            if organization.pk not in {o.pk for o in organizations.values()}:
                OrganizationMention.objects.create(story=story, organization=organization, position=position)
            organizations[found_org.name] = organization

        Quote.objects.bulk_create(
            Quote(
                story=story,
                position=position,
                text=q.text,
                speaker=_fit_or_none(q.speaker, Quote._meta.get_field("speaker")),
                speaker_person=people.get(q.speaker) if q.speaker else None,
                speaker_organization=organizations.get(q.speaker) if q.speaker and q.speaker not in people else None,
                kind=q.kind,
                medium=_fit_or_none(q.medium, Quote._meta.get_field("medium")),
                start=q.start,
                end=q.end,
            )
            for position, q in enumerate(found.quotes)
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
        transaction.on_commit(_invalidate_pages)
    return "extracted"


def _invalidate_pages() -> None:
    # Facts live outside the apps the page cache watches: a story page shows
    # them, so cached copies go stale once they commit.
    try:
        from quicklooks.caching import invalidate
    except ImportError:
        return
    invalidate()


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
