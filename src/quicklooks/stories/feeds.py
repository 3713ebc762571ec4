"""Feeds: RSS 2.0, Atom and JSON Feed 1.1 for the site and each section, show, author and topic.

Every item carries the story's Quick Looks, so a feed reader shows the whole
story at a glance, and its lead image when it has one: RSS as an
``enclosure`` and Media RSS ``media:content`` (with the alt text as
``media:description`` and the credit as ``media:credit``), Atom as an
enclosure link and the same ``media:content``, JSON Feed as ``image``. Links are absolute on ``QUICKLOOKS_BASE_URL``, the same
address the canonical links use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape

from quicklooks.stories.metadata import absolute
from quicklooks.stories.models import Author, Section, Show, Story
from quicklooks.text.characters import xml_safe

FEED_SIZE = 30
MEDIA_RSS = "http://search.yahoo.com/mrss/"
FEED_IMAGE_WIDTH = 1200
"""Feed readers show the picture as a card across the item: the share cards' width."""


@dataclass(frozen=True)
class Kind:
    """Something a feed can follow: its model (looked up by slug) and how its stories are chosen."""

    model: type
    narrow: Callable  # (published cards, one object) -> that object's stories


_kinds: dict[str, Kind] = {}


def register_kind(kind: str, model: type, narrow: Callable) -> None:
    """Offer feeds for ``model`` at ``/feeds/<kind>/<slug>/``; call it from ``AppConfig.ready()``.

    ``narrow(stories, obj)`` filters the published cards to ``obj``'s stories.
    Downstream apps (topics) add their kinds this way, so ``stories`` never
    imports them::

        feeds.register_kind("topic", Topic, lambda stories, topic: stories.filter(topic_link__topic=topic))
    """
    _kinds[kind] = Kind(model, narrow)


def kinds() -> tuple[str, ...]:
    return tuple(_kinds)


register_kind("section", Section, lambda stories, section: stories.filter(section=section))
register_kind("show", Show, lambda stories, show: stories.filter(show=show))
register_kind("author", Author, lambda stories, author: stories.filter(bylines__author=author))


@dataclass(frozen=True)
class Source:
    """What a feed follows: the whole site, or one section, show, author or topic."""

    kind: str  # "site" or one of kinds()
    obj: object | None
    title: str
    page_url: str

    def stories(self):
        from quicklooks.stories.queries import published_cards

        stories = published_cards()
        if self.kind in _kinds:
            stories = _kinds[self.kind].narrow(stories, self.obj)
        return stories.prefetch_related("tags")[:FEED_SIZE]

    def feed_url(self, fmt: str) -> str:
        if self.kind == "site":
            return reverse(f"stories:feed-{fmt}")
        return reverse(f"stories:feed-{fmt}-for", args=[self.kind, self.obj.slug])


def source_for(kind: str | None = None, slug: str | None = None) -> Source:
    site = settings.QUICKLOOKS_SITE_NAME
    if kind is None:
        return Source("site", None, site, reverse("stories:home"))
    if kind not in _kinds:
        offered = [f"{name}s" for name in _kinds]
        raise Http404(f"There are feeds for {', '.join(offered[:-1])} and {offered[-1]}, not {kind!r}.")
    return source_of(kind, get_object_or_404(_kinds[kind].model, slug=slug))


def source_of(kind: str, obj) -> Source:
    """The feed source for a section, show, author or topic already loaded (no query)."""
    return Source(kind, obj, f"{obj.name} · {settings.QUICKLOOKS_SITE_NAME}", obj.get_absolute_url())


def feed_links(source: Source) -> list[dict]:
    """The ``<link rel="alternate">`` entries a page advertises."""
    return [
        {"type": "application/rss+xml", "title": f"{source.title} (RSS)", "href": source.feed_url("rss")},
        {"type": "application/atom+xml", "title": f"{source.title} (Atom)", "href": source.feed_url("atom")},
        {"type": "application/feed+json", "title": f"{source.title} (JSON Feed)", "href": source.feed_url("json")},
    ]


def quick_looks_html(story: Story) -> str:
    bullets = "".join(f"<li>{escape(bullet.text)}</li>" for bullet in story.quick_looks.all())
    label = escape(f"{story.quick_looks_label}: Quick Looks" if story.quick_looks_label else "Quick Looks")
    standfirst = f"<p>{escape(story.standfirst)}</p>" if story.standfirst else ""
    return f"{standfirst}<p><strong>{label}</strong></p><ul>{bullets}</ul>" if bullets else standfirst


def _xml_safe_values(values: dict) -> dict:
    """Feed and item fields with only the characters XML 1.0 allows.

    Stored text is cleaned when it arrives (quicklooks.text.characters), but a
    row stored before that, or written by a path that forgot, must never make
    the whole feed fail: Django refuses to write a control character at all.
    """
    def safe(value):
        if isinstance(value, str):
            return xml_safe(value)
        if isinstance(value, (list, tuple)):
            return type(value)(safe(item) for item in value)
        return value

    return {key: safe(value) for key, value in values.items()}


class _XmlSafe:
    def __init__(self, *args, **kwargs):
        super().__init__(*(xml_safe(a) if isinstance(a, str) else a for a in args), **_xml_safe_values(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*(xml_safe(a) if isinstance(a, str) else a for a in args), **_xml_safe_values(kwargs))


class _MediaRss:
    """Media RSS (``media:content``) for an item's lead image, in RSS and Atom alike."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        image = item.get("lead_image")
        if not image:
            return
        handler.startElement(
            "media:content",
            {"url": image["url"], "type": "image/jpeg", "medium": "image", "width": str(image["width"]), "height": str(image["height"])},
        )
        if image["alt"]:
            handler.addQuickElement("media:description", xml_safe(image["alt"]), {"type": "plain"})
        if image["credit"]:
            handler.addQuickElement("media:credit", xml_safe(image["credit"]))
        handler.endElement("media:content")


class XmlSafeRss(_MediaRss, _XmlSafe, Rss201rev2Feed):
    pass


class XmlSafeAtom(_MediaRss, _XmlSafe, Atom1Feed):
    pass


def lead_image(story: Story) -> dict | None:
    """The item's picture for feeds: one JPEG of a known size, its alt text and credit."""
    picture = story.picture
    if picture is None:
        return None
    return {**picture.at_least(FEED_IMAGE_WIDTH), "alt": picture.alt, "credit": picture.credit}


class StoryFeed(Feed):
    feed_type = XmlSafeRss

    def get_object(self, request, kind=None, slug=None):
        return source_for(kind, slug)

    def title(self, source: Source) -> str:
        return source.title

    def link(self, source: Source) -> str:
        return absolute(source.page_url)

    def feed_url(self, source: Source) -> str:
        return absolute(source.feed_url("atom" if issubclass(self.feed_type, Atom1Feed) else "rss"))

    def description(self, source: Source) -> str:
        return getattr(source.obj, "description", "") or settings.QUICKLOOKS_SITE_TAGLINE

    subtitle = description

    def items(self, source: Source):
        return source.stories()

    def item_title(self, story: Story) -> str:
        return story.headline

    def item_description(self, story: Story) -> str:
        return quick_looks_html(story)

    def item_link(self, story: Story) -> str:
        return absolute(story.get_absolute_url())

    def item_guid(self, story: Story) -> str:
        return absolute(story.get_absolute_url())

    item_guid_is_permalink = True

    def item_pubdate(self, story: Story):
        return story.published_at

    def item_updateddate(self, story: Story):
        return story.updated_at

    def item_author_name(self, story: Story) -> str:
        return ", ".join(byline.author.name for byline in story.bylines.all()) or None

    def item_categories(self, story: Story):
        names = [story.section.name] if story.section else []
        return names + [tag.name for tag in story.tags.all()]

    def item_enclosures(self, story: Story):
        image = lead_image(story)
        if image is None or not image["bytes"]:
            return []
        return [Enclosure(image["url"], str(image["bytes"]), "image/jpeg")]

    def item_extra_kwargs(self, story: Story) -> dict:
        return {"lead_image": lead_image(story)}


class AtomStoryFeed(StoryFeed):
    feed_type = XmlSafeAtom


def json_feed(request, kind=None, slug=None):
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""
    source = source_for(kind, slug)
    items = []
    for story in source.stories():
        url = absolute(story.get_absolute_url())
        item = {
            "id": url,
            "url": url,
            "title": story.headline,
            "content_html": quick_looks_html(story),
            "content_text": "\n".join(f"- {bullet.text}" for bullet in story.quick_looks.all()),
            "date_published": story.published_at.isoformat(),
            "date_modified": story.updated_at.isoformat(),
            "authors": [{"name": b.author.name, "url": absolute(b.author.get_absolute_url())} for b in story.bylines.all()],
            "tags": [tag.name for tag in story.tags.all()],
        }
        if story.standfirst:
            item["summary"] = story.standfirst
        image = lead_image(story)
        if image is not None:
            item["image"] = image["url"]
            if image["bytes"]:
                item["attachments"] = [{"url": image["url"], "mime_type": "image/jpeg", "size_in_bytes": image["bytes"], "title": image["alt"]}]
        items.append(item)
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": source.title,
        "home_page_url": absolute(source.page_url),
        "feed_url": absolute(source.feed_url("json")),
        "description": getattr(source.obj, "description", "") or settings.QUICKLOOKS_SITE_TAGLINE,
        "language": settings.LANGUAGE_CODE,
        "items": items,
    }
    return JsonResponse(data, content_type="application/feed+json; charset=utf-8", json_dumps_params={"ensure_ascii": False})
