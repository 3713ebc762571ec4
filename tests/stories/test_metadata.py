"""Story pages carry canonical URLs, OpenGraph, Twitter cards and schema.org NewsArticle JSON-LD."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from lxml import html as lxml_html

from quicklooks.stories.models import Story, Tag
from tests.readers import load_topic_stories  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _head(client, story):
    page = lxml_html.fromstring(client.get(story.get_absolute_url()).content)
    return page.head


def _json_ld(head):
    scripts = head.xpath('//script[@type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].text)


def test_news_article_json_ld(client, load_topic_stories):
    story = Story.objects.get(slug="russia-sends-175-drones-in-record-overnight-attack-on-ukraine")
    data = _json_ld(_head(client, story))
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == story.headline
    assert datetime.fromisoformat(data["datePublished"]) == story.published_at
    assert datetime.fromisoformat(data["dateModified"]) >= story.published_at
    assert data["author"] == [{"@type": "Person", "name": "Taras Bondar", "url": "http://127.0.0.1:8000/author/taras-bondar/"}]
    assert data["publisher"]["name"] == "Newslooks"
    assert data["locationCreated"] == {"@type": "Place", "name": "KHARKIV, Ukraine"}
    assert data["abstract"] == " ".join(b.text for b in story.quick_looks.all())
    assert data["mainEntityOfPage"]["@id"] == "http://127.0.0.1:8000" + story.get_absolute_url()


def test_open_graph_twitter_and_canonical(client, load_topic_stories, settings):
    settings.QUICKLOOKS_BASE_URL = "https://news.example.org"
    story = Story.objects.get(slug="camila-rojas-wins-chiles-presidential-runoff")
    head = _head(client, story)
    canonical = "https://news.example.org" + story.get_absolute_url()
    assert head.xpath('//link[@rel="canonical"]/@href') == [canonical]
    meta = {el.get("property") or el.get("name"): el.get("content") for el in head.xpath("//meta")}
    assert meta["og:type"] == "article" and meta["og:url"] == canonical and meta["og:title"] == story.headline
    assert meta["og:description"] == story.standfirst
    assert meta["twitter:card"] == "summary" and meta["twitter:title"] == story.headline
    assert meta["article:section"] == "World"


def test_story_text_cannot_break_out_of_the_json_ld(client, load_topic_stories):
    story = Story.objects.get(slug="camila-rojas-wins-chiles-presidential-runoff")
    Story.objects.filter(pk=story.pk).update(headline='Rojas </script><script>alert("x")</script> wins')
    story.tags.add(Tag.objects.create(name="Chile & <Elections>", slug="chile"))
    story.refresh_from_db()
    raw = client.get(story.get_absolute_url()).content.decode()
    assert '</script><script>alert("x")' not in raw
    data = _json_ld(_head(client, story))
    assert data["headline"].startswith("Rojas </script>")
    assert data["keywords"] == ["Chile & <Elections>"]
