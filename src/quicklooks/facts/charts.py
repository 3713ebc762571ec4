"""Coordinates for the small SVG pictures the facts pages draw on the server.

A bar chart for figures a reader would compare ("157 drones launched, 121
intercepted"), and a locator: a dot on a plain latitude/longitude frame. No
map tiles, no outside services: templates draw these numbers as SVG, and the
table or text next to each picture says the same thing in words.
"""

from __future__ import annotations

from dataclasses import dataclass

from quicklooks.facts.models import Figure
from quicklooks.text import figures as figures_module


@dataclass(frozen=True)
class Bar:
    label: str
    value: str
    label_y: float  # baseline of the label, written above its bar
    y: float
    width: float
    value_x: float
    value_y: float


@dataclass(frozen=True)
class BarChart:
    key: str
    title: str
    description: str
    width: int
    height: int
    bar_height: int
    bars: list[Bar]


def comparable_groups(figures: list[Figure], *, minimum: int = 2) -> list[tuple[str, list[Figure]]]:
    """Stored figures of the same kind and unit; the rule is the text core's, so the CLI and bench share it."""
    return figures_module.comparable_groups(figures, minimum=minimum)


def bar_chart(key: str, title: str, figures: list[Figure], *, width: int = 560) -> BarChart:
    """Horizontal bars scaled from zero to the largest value, each with its label above it.

    Labels go above the bars rather than beside them so that long ones
    ("strike and decoy drones (Ukraine’s Air Force)") are never clipped.
    """
    label_height, bar_height, gap = 18, 18, 12
    row = label_height + bar_height + gap
    peak = max(f.value for f in figures) or 1.0
    room = width - 70  # space for the value after the longest bar
    bars = []
    for i, figure in enumerate(figures):
        top = i * row
        length = max(2.0, figure.value / peak * room)
        label = figures_module.bar_label(figure)  # the label comparable_groups keeps distinct
        if len(label) > 70:
            label = label[:69].rstrip() + "…"
        bars.append(
            Bar(
                label=label,
                value=figure.display_value,
                label_y=top + label_height - 5,
                y=top + label_height,
                width=round(length, 1),
                value_x=round(length + 6, 1),
                value_y=top + label_height + bar_height - 4,
            )
        )
    height = len(figures) * row - gap + 2
    description = "; ".join(f"{f.display_value} {f.counts or f.unit or ''}".strip() for f in figures)
    return BarChart(key, title, description + ".", width, height, bar_height, bars)


@dataclass(frozen=True)
class Locator:
    width: int
    height: int
    x: float
    y: float
    meridians: list[float]
    parallels: list[float]
    equator_y: float
    description: str


def locator(lat: float, lon: float, *, width: int = 360, height: int = 180) -> Locator:
    """An equirectangular frame with a graticule every 30 degrees and a dot at (lat, lon)."""
    x = (lon + 180.0) / 360.0 * width
    y = (90.0 - lat) / 180.0 * height
    meridians = [round((m + 180) / 360 * width, 1) for m in range(-150, 180, 30)]
    parallels = [round((90 - p) / 180 * height, 1) for p in range(-60, 90, 30)]
    ns = "N" if lat >= 0 else "S"
    ew = "E" if lon >= 0 else "W"
    description = f"A dot at {abs(lat):.2f}° {ns}, {abs(lon):.2f}° {ew} on a latitude and longitude grid of the world."
    return Locator(width, height, round(x, 1), round(y, 1), meridians, parallels, height / 2, description)
