"""Quick Looks for stored stories: generated on import, regenerated on request.

The engine (``quicklooks.text.quick_looks``) works on the Deep Look text;
this module stores what it writes as ``generated`` bullets with their source
spans, and turns stored spans back into the sentences a reader sees when
hovering or focusing a bullet. Spans are stored once and only ever sliced.
"""

from __future__ import annotations

import logging
from dataclasses import asdict

from django.db import transaction

from quicklooks.stories.models import QuickLook, Story
from quicklooks.text.quick_looks import QuickLooksError, write_quick_looks
from quicklooks.text.story import Story as TextStory

logger = logging.getLogger(__name__)

BLOCK_SEPARATOR = "\n\n"
"""How ``Story.deep_look_text()`` joins blocks; used to map offsets to blocks."""


def generate_for_import(
    story: TextStory | str, bullets: int | None = None
) -> tuple[str, list[tuple[str, list[dict], float]]]:
    """The label and ``(bullet, sources, confidence)`` for each bullet of a story that arrived without Quick Looks.

    A text the engine cannot work with gives no bullets rather than an empty
    or invented box; the story then waits on the desk for a person to write them.
    """
    try:
        # A story gives its headline too, which the label shortens; spans
        # point into its Deep Look text either way.
        quick_looks = write_quick_looks(story, bullets)
    except QuickLooksError as error:
        logger.warning("No Quick Looks generated: %s", error)
        return "", []
    return quick_looks.label, [
        (bullet.text, [asdict(span) for span in bullet.sources], bullet.confidence) for bullet in quick_looks.bullets
    ]


def regenerate_quick_looks(story: Story, bullets: int | None = None) -> int:
    """Replace the story's bullets with freshly generated ones; returns how many were written.

    Keeps the existing box when the engine has nothing to offer, so a
    regenerate never leaves a published story with an empty box.
    """
    label, generated = generate_for_import(story.to_text_story(), bullets)
    if not generated:
        return 0
    with transaction.atomic():
        story.quick_looks.all().delete()
        QuickLook.objects.bulk_create(
            QuickLook(story=story, position=position, text=text, origin=QuickLook.Origin.GENERATED, sources=sources,
                      confidence=confidence)
            for position, (text, sources, confidence) in enumerate(generated)
        )
        if label and not story.quick_looks_label:
            story.quick_looks_label = label
        story.save()
    return len(generated)


def block_starts(story: Story) -> list[int]:
    """Where each body block starts in the Deep Look text, in block order."""
    starts, offset = [], 0
    for block in story.to_text_story().blocks:
        starts.append(offset)
        length = len("\n".join(f"- {item}" for item in block.items)) if block.kind == "list" else len(block.text)
        offset += length + len(BLOCK_SEPARATOR)
    return starts


def attach_sources(story: Story, bullets: list[QuickLook]) -> list[QuickLook]:
    """Give each generated bullet ``source_texts`` and ``source_anchor`` for the page.

    ``source_texts`` are the stored spans sliced out of the Deep Look text;
    ``source_anchor`` is the id of the block the first span falls in.
    """
    if not any(bullet.sources for bullet in bullets):
        return bullets
    text = story.deep_look_text()
    starts = block_starts(story)
    positions = [block.position for block in story.blocks.all()]
    for bullet in bullets:
        spans = [span for span in bullet.sources if 0 <= span.get("start", -1) < span.get("end", -1) <= len(text)]
        bullet.source_texts = [text[span["start"] : span["end"]] for span in spans]
        if spans and positions:
            index = max(i for i, start in enumerate(starts) if start <= spans[0]["start"])
            bullet.source_anchor = f"block-{positions[index]}"
    return bullets
