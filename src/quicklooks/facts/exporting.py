"""The facts a story record carries (JSON export, API story detail), added through ``stories.export``.

Registered with ``stories.export.register_record_part`` in ``FactsConfig.ready()``.
"""

from __future__ import annotations

from quicklooks.facts.models import Figure, Quote

QUOTE_FIELDS = ("text", "speaker", "kind", "medium", "start", "end")
FIGURE_FIELDS = ("value", "unit", "counts", "claimed_by", "sentence")


def record_facts(story) -> dict:
    """The story's stored quotes and figures, in story order."""
    return {
        "quotes": [
            {field: getattr(quote, field, None) for field in QUOTE_FIELDS}
            for quote in Quote.objects.filter(story=story).order_by("position")
        ],
        "figures": [
            {field: getattr(figure, field, None) for field in FIGURE_FIELDS}
            for figure in Figure.objects.filter(story=story).order_by("position")
        ],
    }
