"""Person and place pages: the published stories that name them, and the quotes."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from quicklooks.facts import charts
from quicklooks.facts.models import Person, PersonMention, Place, Quote
from quicklooks.facts.presenting import anchors_for, mentions
from quicklooks.stories.models import Byline, Story

MAX_STORIES = 50


def _stories(**mentioned):
    """Published stories naming the person or place, newest first, with what anchors need."""
    return list(
        Story.objects.published()
        .filter(**mentioned)
        .distinct()
        .prefetch_related("blocks", "quick_looks", Prefetch("bylines", queryset=Byline.objects.select_related("author")))
        .order_by("-published_at")[:MAX_STORIES]
    )


def _entries(stories, wanted) -> list[dict]:
    """Per story, the quotes ``wanted(quote)`` keeps, each with the block it stands in."""
    quotes: dict[int, list[Quote]] = {}
    for quote in Quote.objects.filter(story__in=stories).select_related("speaker_person").order_by("story", "position"):
        if wanted(quote):
            quotes.setdefault(quote.story_id, []).append(quote)
    entries = []
    for story in stories:
        found = quotes.get(story.pk, [])
        if found:
            anchor = anchors_for(story)
            for quote in found:
                quote.anchor = anchor(quote.start)
        entries.append({"story": story, "quotes": found})
    return entries


def person(request, slug):
    person = get_object_or_404(Person, slug=slug)
    stories = _stories(person_mentions__person=person)
    if not stories:
        # Named only in drafts: nothing a reader may see yet.
        raise Http404("No published story names this person.")
    surname = person.name.split()[-1] if " " in person.name else ""
    entries = _entries(stories, lambda q: q.speaker_person_id == person.pk or mentions(q.text, [person.name, surname]))
    roles = dict(
        PersonMention.objects.filter(person=person, story__in=stories).values_list("story_id", "role")
    )
    for entry in entries:
        entry["role"] = roles.get(entry["story"].pk, "")
        entry["said"] = [q for q in entry["quotes"] if q.speaker_person_id == person.pk]
        entry["about"] = [q for q in entry["quotes"] if q.speaker_person_id != person.pk]
    context = {
        "person": person,
        "entries": entries,
        "quote_count": sum(len(e["said"]) for e in entries),
    }
    return render(request, "facts/person.html", context)


def place(request, slug):
    place = get_object_or_404(Place, slug=slug)
    stories = _stories(place_mentions__place=place)
    if not stories:
        raise Http404("No published story names this place.")
    entries = _entries(stories, lambda q: mentions(q.text, [place.name]))
    context = {
        "place": place,
        "entries": entries,
        "locator": charts.locator(place.lat, place.lon) if place.located else None,
    }
    return render(request, "facts/place.html", context)
