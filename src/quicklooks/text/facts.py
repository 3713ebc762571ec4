"""A story's facts in one call: who said what, figures, people, places, organisations.

Attributions (direct quotes, indirect and mixed speech) come from
:mod:`quicklooks.text.attribution`, which reads the parse. A direct quote
whose parse-based speaker is uncertain (confidence below
``SECOND_OPINION_BELOW``) takes the speaker the surface-pattern resolver of
:mod:`quicklooks.text.quotes` finds, when it finds one: the two fail on
different quotes (sweep in BENCHMARKS.md). A figure's claimant is the speaker
of the innermost attribution whose content holds it; outside any, the
figure extractor's own reading of its sentence.

:func:`extract_facts` runs the extractors over one :class:`Document` (for a
stored story, the analysis of its Story, whose text is
``Story.deep_look_text()``), so every offset it reports points into
``Document.text``. :func:`facts_to_dict` gives the JSON shape the CLI prints
and the API serves.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from typing import Any

from quicklooks.text import attribution as attribution_module
from quicklooks.text.attribution import Attribution, find_attributions
from quicklooks.text.document import Document, analyse
from quicklooks.text.entities import Organization, Person, Place, find_entities
from quicklooks.text.coreference import TITLE_WORDS
from quicklooks.text.figures import Figure, find_figures, in_aside, refine
from quicklooks.text.quotes import Quote, find_quotes
from quicklooks.text.sentences import split_sentences
from quicklooks.text.story import Story


SECOND_OPINION_BELOW = 0.5
# A figure takes an attribution's speaker only when the source names them outright.
NAMED_SOURCE = attribution_module.NAMED_CONFIDENCE


@dataclass
class Facts:
    quotes: list[Quote] = field(default_factory=list)  # direct quotes only
    attributions: list[Attribution] = field(default_factory=list)  # direct, mixed and indirect, in text order
    figures: list[Figure] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)


def extract_facts(document: Document | Story | str) -> Facts:
    """Extract the facts of a :class:`Document` (or of a Story or text, analysed here); offsets point into its text.

    A Story is read as its Deep Look: its Document's text is
    ``Story.deep_look_text()``, so the offsets are the ones its text alone
    gives. Passing the Story lets a stored story share the analysis the
    Quick Looks writer and the topics already made of it.
    """
    if not isinstance(document, Document):
        document = analyse(document)
    text = document.text
    sentences = split_sentences(text)
    if not sentences:
        return Facts()
    entities = find_entities(document, sentences)  # the Document's names: no second analysis
    surface = {(q.start, q.end): q for q in find_quotes(text, sentences, entities)}
    attributions = []
    for a in find_attributions(document):
        other = surface.get((a.start, a.end)) if a.kind == "direct" else None
        if other is not None and other.speaker and (a.speaker is None or a.confidence < SECOND_OPINION_BELOW):
            a = replace(a, speaker=other.speaker, confidence=max(a.confidence, SECOND_OPINION_BELOW))
        attributions.append(a)
    quotes = []
    for a in attributions:
        if a.kind == "direct":
            other = surface.get((a.start, a.end))
            quotes.append(Quote(a.text, a.speaker, a.form or "full", other.medium if other else None, a.start, a.end))
    return Facts(
        quotes=quotes,
        attributions=attributions,
        figures=_claimed(document, refine(find_figures(text, sentences, entities), document), attributions),
        people=entities.people,
        places=entities.places,
        organizations=entities.organizations,
    )


def _claimed(document: Document, figures: list[Figure], attributions: list[Attribution]) -> list[Figure]:
    """Each figure claimed by the speaker of the innermost attribution holding it.

    A figure in an aside between dashes or brackets is the writer's background
    ("26 nations—part of a broader 35-country coalition—had pledged"), not
    what the speaker claimed.
    """
    sentence_starts = [s.start for s in document.sentences]
    spans = sorted(((a.start, a.end, a.speaker, a.confidence) for a in attributions
                    if a.kind != "direct" or a.form == "full"), key=lambda x: (x[0], x[1]))
    starts = [s[0] for s in spans]
    out = []
    for f in figures:
        k = bisect_right(starts, f.start) - 1
        best = None
        # Contents nest rarely and are short; look back a few, not through every earlier one.
        for start, end, speaker, confidence in reversed(spans[max(0, k - 8) : k + 1]):
            if start <= f.start and f.end <= end and (best is None or end - start < best[1] - best[0]):
                best = (start, end, speaker, confidence)
        j = bisect_right(sentence_starts, f.start) - 1
        aside = j >= 0 and in_aside(document.text, document.sentences[j].start, document.sentences[j].end, f.start)
        if best is not None and best[2] and best[3] >= NAMED_SOURCE and _names_someone(best[2]) and not aside:
            f = replace(f, claimed_by=best[2])
        elif f.claimed_by and not _names_someone(f.claimed_by):
            f = replace(f, claimed_by=None)  # "according to Mr." or "according to official": no one named
        out.append(f)
    return out


def _names_someone(claimant: str) -> bool:
    words = [w for w in claimant.split() if w.lower().rstrip(".") not in TITLE_WORDS and w.lower() not in TITLE_WORDS]
    return any(w[:1].isupper() for w in words)


def attribution_to_dict(a: Attribution, medium: str | None = None) -> dict[str, Any]:
    """One attribution in the JSON shape: ``kind`` direct, indirect or mixed; ``direct`` says whether it is a quote."""
    return {
        "kind": a.kind,
        "direct": a.kind == "direct",
        "form": a.form,
        "text": a.text,
        "start": a.start,
        "end": a.end,
        "speaker": a.speaker,
        "role": a.role,
        "source": a.source,
        "source_start": a.source_start,
        "source_end": a.source_end,
        "cue": a.cue,
        "cue_start": a.cue_start,
        "cue_end": a.cue_end,
        "medium": medium,
        "confidence": a.confidence,
    }


def facts_to_dict(facts: Facts) -> dict[str, list[dict[str, Any]]]:
    """The documented JSON shape; a range's upper bound is not part of it.

    ``quotes`` lists every attribution; indirect and mixed ones carry
    ``"direct": false`` so that a reader after direct quotes can skip them.
    """
    media = {(q.start, q.end): q.medium for q in facts.quotes}
    return {
        "quotes": [attribution_to_dict(a, media.get((a.start, a.end)) if a.kind == "direct" else None)
                   for a in facts.attributions],
        "figures": [
            {"value": f.value, "unit": f.unit, "counts": f.counts, "claimed_by": f.claimed_by, "sentence": f.sentence}
            for f in facts.figures
        ],
        "people": [{"name": p.name, "role": p.role} for p in facts.people],
        "places": [{"name": p.name, "country": p.country, "lat": p.lat, "lon": p.lon} for p in facts.places],
        "organizations": [{"name": o.name} for o in facts.organizations],
    }
