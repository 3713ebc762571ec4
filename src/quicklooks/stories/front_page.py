"""What the front page shows: the lead story, the top stories under it, a row per section, and the latest list.

Every part is built from the card query (``queries.published_cards``), so the
page costs the same few queries however many stories and sections there are:
the editor's pick, the newest stories, and one ranked query for all the
section rows together (each with its two prefetches). The page is cached whole
like any other (``quicklooks.caching``, view ``stories:home``), and a pick, a
publish or an edit bumps the generation like any save in ``stories``.
"""

from __future__ import annotations

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from quicklooks.stories.queries import published_cards

TOP_STORIES = 4
SECTION_ROW = 3
LATEST = 8


def picked_story():
    """The editor's pick for the lead: the published story picked most recently, or None."""
    return published_cards().filter(front_page_picked_at__isnull=False).order_by("-front_page_picked_at", "-pk").first()


def section_rows(exclude=()):
    """[(section, [stories])] for every section with published stories, in navigation order, newest first within.

    One query ranks each section's stories (a window function), rather than
    one query per section. The stories already shown above (``exclude``) are
    dropped here rather than in SQL, so the query returns rows, and makes
    its prefetches, whenever any story has a section: the page's query count
    does not change with how many stories there are.
    """
    skip = set(exclude)
    ranked = (
        published_cards()
        .filter(section__isnull=False)
        .annotate(
            section_rank=Window(
                RowNumber(), partition_by=[F("section_id")], order_by=[F("published_at").desc(), F("pk").desc()]
            )
        )
        .filter(section_rank__lte=SECTION_ROW + len(skip))
        .order_by("section_id", "section_rank")
    )
    rows: dict[int, tuple] = {}
    for story in ranked:
        section, stories = rows.setdefault(story.section_id, (story.section, []))
        if story.pk not in skip and len(stories) < SECTION_ROW:
            stories.append(story)
    ordered = sorted((row for row in rows.values() if row[1]), key=lambda row: (row[0].position, row[0].name))
    return ordered


def front_page() -> dict:
    """The front page's parts; each is empty on a site with nothing published."""
    newest = list(published_cards()[: max(1 + TOP_STORIES, LATEST)])
    lead = picked_story() or (newest[0] if newest else None)
    top = [story for story in newest if story.pk != getattr(lead, "pk", None)][:TOP_STORIES]
    shown = [story.pk for story in ([lead] if lead else []) + top]
    return {
        "lead": lead,
        "top_stories": top,
        "section_rows": section_rows(exclude=shown),
        "latest": newest[:LATEST],
    }
