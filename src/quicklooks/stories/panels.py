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

A card panel that needs data per story gets it with the cards' own query
rather than one query per card: ``annotate_cards(name, expression)`` adds a
column to every card query (``stories.queries.published_cards``), and the
panel reads it from the story. ``annotate_story(name, expression)`` does the
same for the story page's own query (``stories.views.story_detail``): a
panel that renders on every request (the comments) reads what it needs of
the story from the one row the page fetches anyway, not in a query of its own.

What a panel shows decides how it is rendered and cached (``sharing``), so
that a change re-renders only the panels it touched
(``quicklooks.caching.fragments``):

- ``PER_REQUEST`` (the default): rendered with the whole page context
  (``request``, ``user``), never cached on its own. On a cacheable page
  with the page cache on, the page is rendered once for every reader, as an
  anonymous reader sees it (``quicklooks.caching.stitching``): what belongs
  to one reader goes inside ``{% reader_fragment %}``, which each reader
  gets their own version of, and is the only place a CSRF token may be.
- ``SHARED``: the same for every reader and shows no comments: facts,
  related stories, metadata. Rendered from the page context *without* the
  request, the reader, their messages or CSRF token (``PERSONAL_CONTEXT``),
  so nothing personal can reach it, and cached per story until published
  content changes; an approved comment leaves it cached.
- ``ANONYMOUS``: the same for every anonymous reader, and changes with
  comments: the comments. Rendered with the whole context; the shared
  page's copy is kept per story and per value of the ``vary_on`` query
  parameters until anything on the page changes, comments included.
"""

from __future__ import annotations

from dataclasses import dataclass

SLOTS = ("head", "after_header", "after_quick_looks", "after_deep_look", "after_story", "card")

PER_REQUEST = "per_request"
SHARED = "shared"
ANONYMOUS = "anonymous"
SHARINGS = (PER_REQUEST, SHARED, ANONYMOUS)

# Context a SHARED panel never sees: what the request-bound context
# processors add (request, auth, messages, csrf).
PERSONAL_CONTEXT = frozenset({"request", "user", "perms", "messages", "DEFAULT_MESSAGE_LEVELS", "csrf_token"})


@dataclass(frozen=True)
class Panel:
    slot: str
    template: str
    order: int = 100
    sharing: str = PER_REQUEST
    vary_on: tuple[str, ...] = ()


_panels: dict[str, list[Panel]] = {slot: [] for slot in SLOTS}


def register(slot: str, template: str, *, order: int = 100, sharing: str = PER_REQUEST, vary_on: tuple[str, ...] = ()) -> None:
    """Add ``template`` to ``slot``; registering the same panel twice is a no-op.

    ``sharing`` says who may be given the same rendered copy (see above);
    ``vary_on`` names the query parameters an ``ANONYMOUS`` panel reads.
    """
    if slot not in _panels:
        raise ValueError(f"unknown story panel slot {slot!r}; use one of: {', '.join(SLOTS)}")
    if sharing not in SHARINGS:
        raise ValueError(f"unknown panel sharing {sharing!r} for {template}; use one of: {', '.join(SHARINGS)}")
    if vary_on and sharing != ANONYMOUS:
        raise ValueError(f"vary_on is for ANONYMOUS panels, which read the query string; {template} is {sharing}")
    panel = Panel(slot, template, order, sharing, tuple(vary_on))
    if panel not in _panels[slot]:
        _panels[slot].append(panel)
        _panels[slot].sort(key=lambda p: (p.order, p.template))


def panels_for(slot: str) -> list[Panel]:
    return list(_panels[slot])


_card_annotations: dict[str, object] = {}


def annotate_cards(name: str, expression) -> None:
    """Give every Quick Looks card's story a ``name`` attribute computed by ``expression``.

    ``expression`` is a query expression over the story (a ``Subquery`` is
    best: a join would multiply rows on listings that filter by tag).
    """
    _card_annotations[name] = expression


def card_annotations() -> dict[str, object]:
    return dict(_card_annotations)


_story_annotations: dict[str, object] = {}


def annotate_story(name: str, expression) -> None:
    """Give the story a story page shows a ``name`` attribute computed by ``expression``, in the page's story query.

    Only the public story page's story has it (not the desk's preview of a
    draft, nor a story fetched elsewhere): a panel reading it falls back to
    its own query when the attribute is missing.
    """
    _story_annotations[name] = expression


def story_annotations() -> dict[str, object]:
    return dict(_story_annotations)
