"""By the numbers: a figure that recurs across a topic's stories, as a series over time.

"Russia launched 142 drones", then "98 drones", then "175 drones": the facts
extractor (:mod:`quicklooks.text.figures`) reads each story's figures with
what they count; a count that three or more stories report becomes a series,
one point per story (the first time the story gives it, which is the number
its lead is about). :func:`chart` lays a series out for a small SVG line chart
drawn on the server.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from quicklooks.text.facts import extract_facts

MIN_POINTS = 3
MAX_SERIES = 3


@dataclass(frozen=True)
class Point:
    when: datetime
    value: float
    story_url: str
    headline: str
    sentence: str


@dataclass
class Series:
    counts: str  # what is counted: "drones", "acres"
    unit: str | None
    points: list[Point] = field(default_factory=list)  # oldest first

    @property
    def key(self) -> str:
        return f"{self.counts}-{self.unit or 'count'}".replace(" ", "-")

    @property
    def label(self) -> str:
        unit = {"%": "percent", "USD": "US dollars"}.get(self.unit or "", self.unit or "")
        return f"{self.counts.capitalize()} ({unit})" if unit else self.counts.capitalize()


def _counted_noun(counts: str | None) -> str | None:
    if not counts:
        return None
    return counts.split()[-1].lower().strip(".,;:")


def extracted_figures(story):
    """A story's figures read from its text now; the facts app's stored rows are used instead when installed."""
    # The Story, so the analysis other engines made of it in this process is reused.
    return extract_facts(story.to_text_story()).figures


def series_for(stories, figures_of=extracted_figures) -> list[Series]:
    """Series from ``stories`` (published Story rows, any order); ``figures_of(story)`` gives a story's figures in text order."""
    found: dict[tuple[str, str | None], Series] = {}
    for story in sorted(stories, key=lambda s: s.published_at):
        seen: set[tuple[str, str | None]] = set()
        for figure in figures_of(story):
            noun = _counted_noun(figure.counts)
            if noun is None:
                continue
            key = (noun, figure.unit)
            if key in seen:
                continue
            seen.add(key)
            series = found.setdefault(key, Series(noun, figure.unit))
            series.points.append(
                Point(story.published_at, float(figure.value), story.get_absolute_url(), story.headline, figure.sentence)
            )
    kept = [s for s in found.values() if len(s.points) >= MIN_POINTS]
    kept.sort(key=lambda s: (-len(s.points), s.counts))
    return kept[:MAX_SERIES]


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    value: str
    date: str
    label_y: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: list[ChartPoint]
    polyline: str
    baseline_y: float
    left: float
    right: float
    top: float
    max_label: str


def _format(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def chart(series: Series, *, width: int = 560, height: int = 180) -> Chart:
    """Coordinates for a line chart of ``series``: x by date order, y from zero to the largest value."""
    left, right, top, bottom = 48.0, width - 24.0, 24.0, height - 36.0
    values = [p.value for p in series.points]
    peak = max(values) or 1.0
    step = (right - left) / max(len(values) - 1, 1)
    points = []
    for i, point in enumerate(series.points):
        x = left + i * step if len(values) > 1 else (left + right) / 2
        y = bottom - (point.value / peak) * (bottom - top)
        points.append(ChartPoint(round(x, 1), round(y, 1), _format(point.value), point.when.strftime("%b %-d"), round(y - 8, 1)))
    polyline = " ".join(f"{p.x},{p.y}" for p in points)
    return Chart(width, height, points, polyline, bottom, left, right, top, _format(peak))
