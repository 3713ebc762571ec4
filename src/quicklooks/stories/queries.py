"""The story queries other modules and apps share (public): what a Quick Looks card needs.

Here rather than in ``views`` so that feeds, search and downstream apps can
ask for cards without importing the views, which import them in turn.
"""

from __future__ import annotations

from django.db.models import Prefetch

from quicklooks.stories import panels
from quicklooks.stories.models import Byline, QuickLook, Story


def published_cards():
    """Published stories with what a Quick Looks card shows, in three queries however many cards.

    Card panels' own data (comment counts) comes as columns of the first
    query (``panels.annotate_cards``).
    """
    return (
        Story.objects.published()
        .select_related("section", "show")
        .prefetch_related(
            Prefetch("quick_looks", queryset=QuickLook.objects.order_by("position")),
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
        )
        .annotate(**panels.card_annotations())
    )
