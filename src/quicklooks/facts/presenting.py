"""What the facts panels and pages show, worked out from the stored rows.

Quotes and figures link to their place in the Deep Look: the story page gives
every block the id ``block-<position>``, and a stored start offset falls in
exactly one block (``quicklooks.stories.quick_looks.block_starts``). Offsets
are only looked up here, never found again in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from quicklooks.facts import charts
from quicklooks.facts.models import Figure, Organization, Person, PersonMention, PlaceMention, Quote
from quicklooks.stories.models import Story
from quicklooks.stories.quick_looks import block_starts

UNKNOWN_SPEAKER = "Unknown speaker"
MAX_CHARTS = 2
# Paraphrases shown only when the speaker is this sure: a named source (0.95) or a possessor (0.8),
# or a pronoun the resolver ranks at 0.7 or more; see BENCHMARKS.md for what an editor would publish.
PARAPHRASE_CONFIDENCE = 0.7


def anchors_for(story: Story):
    """A function from an offset in the Deep Look text to the id of the block it falls in."""
    starts = block_starts(story)
    positions = [block.position for block in story.blocks.all()]

    def anchor(offset: int) -> str:
        if not positions:
            return ""
        index = max(0, bisect_right(starts, offset) - 1)
        return f"block-{positions[min(index, len(positions) - 1)]}"

    return anchor


@dataclass
class Speaker:
    name: str
    person: Person | None = None
    organization: Organization | None = None
    role: str = ""
    quotes: list[Quote] = field(default_factory=list)

    @property
    def unknown(self) -> bool:
        return self.name == UNKNOWN_SPEAKER and self.person is None and self.organization is None


@dataclass
class StoryFactsView:
    speakers: list[Speaker]
    figures: list[Figure]
    charts: list[charts.BarChart]
    people: list[PersonMention]
    places: list[PlaceMention]
    people_by_name: dict[str, Person]


def story_facts(story: Story) -> StoryFactsView:
    """The panels' data for one story page; computed once per page however many panels ask."""
    cached = getattr(story, "_facts_view", None)
    if cached is not None:
        return cached
    quotes = list(story.quotes.select_related("speaker_person", "speaker_organization"))
    # A bare number ("151,000 —") tells a reader nothing: a row needs what it counts or its unit.
    figures = [f for f in story.figures.all() if f.counts or f.unit]
    people = list(PersonMention.objects.filter(story=story).select_related("person"))
    places = list(PlaceMention.objects.filter(story=story).select_related("place"))
    anchor = anchors_for(story) if (quotes or figures) else (lambda offset: "")
    roles = {m.person_id: m.role for m in people}

    speakers: dict[str, Speaker] = {}
    for quote in quotes:
        if quote.is_paraphrase and (not quote.speaker or quote.confidence < PARAPHRASE_CONFIDENCE):
            # Indirect speech with no sure speaker says nothing a reader can weigh: the story's own
            # sentences carry it. A direct quote is shown even unattributed, as "Unknown speaker".
            continue
        quote.anchor = anchor(quote.start)
        name = quote.speaker or UNKNOWN_SPEAKER
        if name not in speakers:
            speakers[name] = Speaker(
                name=name,
                person=quote.speaker_person,
                organization=quote.speaker_organization,
                role=roles.get(quote.speaker_person_id, "") if quote.speaker_person_id else "",
            )
        speakers[name].quotes.append(quote)
    ordered = [s for s in speakers.values() if s.name != UNKNOWN_SPEAKER]
    if UNKNOWN_SPEAKER in speakers:
        ordered.append(speakers[UNKNOWN_SPEAKER])  # last: the least a reader can weigh

    people_by_name = {m.person.name: m.person for m in people}
    for figure in figures:
        figure.anchor = anchor(figure.start)
        figure.claimant_person = people_by_name.get(figure.claimed_by)

    drawn = [
        charts.bar_chart(f"figures-{story.pk}-{i}", f"Figures for {noun} in this story", members)
        for i, (noun, members) in enumerate(charts.comparable_groups(figures)[:MAX_CHARTS])
    ]
    view = StoryFactsView(ordered, figures, drawn, people, places, people_by_name)
    story._facts_view = view
    return view


def mentions(text: str, names: list[str]) -> bool:
    """Does ``text`` name any of ``names`` as a whole word?"""
    return any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) for name in names if name)
