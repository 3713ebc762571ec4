"""A story's facts in one call: quotes with speakers, figures, people, places, organisations.

:func:`extract_facts` runs the extractors over one :class:`Document` (for a
stored story, the analysis of ``Story.deep_look_text()``), so every offset it
reports points into ``Document.text``. :func:`facts_to_dict` gives the JSON shape the CLI prints and the API
serves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quicklooks.text.document import Document, analyse
from quicklooks.text.entities import Organization, Person, Place, find_entities
from quicklooks.text.figures import Figure, find_figures
from quicklooks.text.quotes import Quote, find_quotes
from quicklooks.text.sentences import split_sentences


@dataclass
class Facts:
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)


def extract_facts(document: Document | str) -> Facts:
    """Extract the facts of a :class:`Document` (or of text, analysed here); offsets point into its text."""
    if not isinstance(document, Document):
        document = analyse(document)
    text = document.text
    sentences = split_sentences(text)
    if not sentences:
        return Facts()
    entities = find_entities(text, sentences)
    return Facts(
        quotes=find_quotes(text, sentences, entities),
        figures=find_figures(text, sentences, entities),
        people=entities.people,
        places=entities.places,
        organizations=entities.organizations,
    )


def facts_to_dict(facts: Facts) -> dict[str, list[dict[str, Any]]]:
    """The documented JSON shape; a range's upper bound is not part of it."""
    return {
        "quotes": [
            {"text": q.text, "speaker": q.speaker, "kind": q.kind, "medium": q.medium, "start": q.start, "end": q.end}
            for q in facts.quotes
        ],
        "figures": [
            {"value": f.value, "unit": f.unit, "counts": f.counts, "claimed_by": f.claimed_by, "sentence": f.sentence}
            for f in facts.figures
        ],
        "people": [{"name": p.name, "role": p.role} for p in facts.people],
        "places": [{"name": p.name, "country": p.country, "lat": p.lat, "lon": p.lon} for p in facts.places],
        "organizations": [{"name": o.name} for o in facts.organizations],
    }
