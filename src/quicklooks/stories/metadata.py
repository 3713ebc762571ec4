"""What carries a story beyond the site: canonical URL, OpenGraph, Twitter card and schema.org JSON-LD.

The story page's ``head`` panel (``stories/_metadata.html``) renders
:func:`story_metadata`; tests parse the JSON-LD back out of the page.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from quicklooks.stories.images import absolute_url
from quicklooks.stories.models import Story

SHARE_WIDTH = 1200
"""Share cards ask for pictures at least 1200 pixels wide (OpenGraph's and X's large-image cards)."""


def absolute(path: str) -> str:
    """An absolute URL on the site's configured base (``QUICKLOOKS_BASE_URL``), never the request's Host header."""
    return settings.QUICKLOOKS_BASE_URL.rstrip("/") + path


def json_script(data: dict) -> SafeString:
    """JSON safe inside ``<script>``: ``<``, ``>`` and ``&`` escaped so story text cannot close the tag."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - escaped above


def quick_looks_text(story: Story) -> str:
    return " ".join(bullet.text for bullet in story.quick_looks.all())


def description(story: Story) -> str:
    text = story.standfirst or quick_looks_text(story) or story.headline
    return text if len(text) <= 300 else text[:297].rsplit(" ", 1)[0] + "…"


def news_article(story: Story) -> dict:
    """schema.org NewsArticle for one story."""
    url = absolute(story.get_absolute_url())
    site = settings.QUICKLOOKS_SITE_NAME
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": story.headline[:110],
        "description": description(story),
        "author": [
            {"@type": "Person", "name": byline.author.name, "url": absolute(byline.author.get_absolute_url())}
            for byline in story.bylines.all()
        ],
        "publisher": {"@type": "NewsMediaOrganization", "name": story.outlet or site, "url": absolute(reverse("stories:home"))},
        "isAccessibleForFree": True,
    }
    if story.published_at:
        data["datePublished"] = story.published_at.isoformat()
    data["dateModified"] = (story.updated_at or story.published_at).isoformat() if (story.updated_at or story.published_at) else None
    if data["dateModified"] is None:
        del data["dateModified"]
    bullets = [bullet.text for bullet in story.quick_looks.all()]
    if bullets:
        data["abstract"] = " ".join(bullets)
    place = story.deep_look_dateline or story.dateline
    if place:
        data["locationCreated"] = {"@type": "Place", "name": place}
    if story.section:
        data["articleSection"] = story.section.name
    keywords = [tag.name for tag in story.tags.all()]
    if keywords:
        data["keywords"] = keywords
    picture = story.picture
    if picture is not None:
        image = {"@type": "ImageObject", "url": absolute_url(picture.url), "width": picture.width, "height": picture.height}
        if picture.caption or picture.alt:
            image["caption"] = picture.caption or picture.alt
        if picture.credit:
            image["creditText"] = picture.credit
        data["image"] = [image]
    return data


def share_image(story: Story) -> dict | None:
    """The picture share cards show: {"url", "width", "height", "alt", "type"}, or None without one."""
    picture = story.picture
    if picture is None:
        return None
    return {**picture.at_least(SHARE_WIDTH), "alt": picture.alt, "type": "image/jpeg"}


def story_metadata(story: Story) -> dict:
    """Everything the head panel needs, as plain values."""
    return {
        "canonical": absolute(story.get_absolute_url()),
        "title": story.headline,
        "description": description(story),
        "site_name": settings.QUICKLOOKS_SITE_NAME,
        "published": story.published_at.isoformat() if story.published_at else "",
        "modified": story.updated_at.isoformat() if story.updated_at else "",
        "section": story.section.name if story.section else "",
        "authors": [byline.author.name for byline in story.bylines.all()],
        "json_ld": json_script(news_article(story)),
        "image": share_image(story),
    }
