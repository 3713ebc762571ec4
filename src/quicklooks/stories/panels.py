"""Panels: how other apps add their parts to story pages and cards.

The story page has named slots; an app registers a template for a slot in
its ``AppConfig.ready()``, and ``{% story_panels "slot" %}`` renders every
panel registered there, in order, with the page's context. The comments,
facts, desk and reader apps plug in this way, so no app edits another's
templates::

    from quicklooks.stories import panels

    class CommentsConfig(AppConfig):
        def ready(self):
            panels.register("after_story", "comments/panel.html", order=50)

Slots, top to bottom of a story page:

- ``head``: inside ``<head>`` (metadata, feed links);
- ``after_header``: under the headline, meta line and standfirst (corrections);
- ``after_quick_looks``: under the Quick Looks box;
- ``after_deep_look``: under the Deep Look, inside the article (facts panels);
- ``after_story``: after the article (related stories, comments);
- ``card``: at the foot of every Quick Looks card (comment counts).
"""

from __future__ import annotations

from dataclasses import dataclass

SLOTS = ("head", "after_header", "after_quick_looks", "after_deep_look", "after_story", "card")


@dataclass(frozen=True)
class Panel:
    slot: str
    template: str
    order: int = 100


_panels: dict[str, list[Panel]] = {slot: [] for slot in SLOTS}


def register(slot: str, template: str, *, order: int = 100) -> None:
    """Add ``template`` to ``slot``; registering the same panel twice is a no-op."""
    if slot not in _panels:
        raise ValueError(f"unknown story panel slot {slot!r}; use one of: {', '.join(SLOTS)}")
    panel = Panel(slot, template, order)
    if panel not in _panels[slot]:
        _panels[slot].append(panel)
        _panels[slot].sort(key=lambda p: (p.order, p.template))


def panels_for(slot: str) -> list[Panel]:
    return list(_panels[slot])
