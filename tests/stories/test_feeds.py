"""Feeds, parsed back with feedparser: RSS 2.0, Atom and JSON Feed 1.1 for the site, sections, shows, authors, topics."""

from __future__ import annotations

import json

import feedparser
import pytest
from django.urls import reverse

from quicklooks.stories.feeds import FEED_SIZE
from quicklooks.stories.models import Author, Section, Show, Story
from quicklooks.topics.models import Topic
from tests.readers import load_topic_stories  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _sources():
    topic = Topic.objects.with_published().get(links__story__slug="russia-launches-142-drones-at-kyiv-overnight")
    return [
        (None, None, FEED_SIZE),  # 31 stories, the latest 30
        ("section", Section.objects.get(slug="business").slug, 6),
        ("show", Show.objects.get(slug="morning-edition").slug, FEED_SIZE),
        ("author", Author.objects.get(slug="olena-marchenko").slug, 4),
        ("topic", topic.slug, 7),
    ]


def _url(fmt, kind, slug):
    return reverse(f"stories:feed-{fmt}") if kind is None else reverse(f"stories:feed-{fmt}-for", args=[kind, slug])


@pytest.mark.parametrize("fmt, version", [("rss", "rss20"), ("atom", "atom10")])
def test_rss_and_atom_parse_with_quick_looks_in_every_item(client, load_topic_stories, fmt, version):
    for kind, slug, count in _sources():
        response = client.get(_url(fmt, kind, slug))
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.version == version
        assert len(feed.entries) == count
        for entry in feed.entries:
            story = Story.objects.get(slug=entry.link.rstrip("/").rsplit("/", 1)[-1])
            assert entry.title == story.headline
            first_bullet = story.quick_looks.first().text
            assert first_bullet in entry.summary
            assert entry.link.startswith("http")
        dates = [entry.published_parsed for entry in feed.entries]
        assert dates == sorted(dates, reverse=True)


def test_json_feed_is_version_1_1_with_quick_looks(client, load_topic_stories):
    for kind, slug, count in _sources():
        response = client.get(_url("json", kind, slug))
        assert response["Content-Type"].startswith("application/feed+json")
        data = json.loads(response.content)
        assert data["version"] == "https://jsonfeed.org/version/1.1"
        assert data["feed_url"].endswith(_url("json", kind, slug))
        assert len(data["items"]) == count
        for item in data["items"]:
            assert item["id"] and item["url"] and item["title"] and item["date_published"]
            assert item["content_text"].startswith("- ")
        # feedparser 6 does not read JSON Feed; check the spec's required members instead.
        assert all(isinstance(item["id"], str) for item in data["items"])
        assert data["items"][0]["url"] == feedparser.parse(client.get(_url("rss", kind, slug)).content).entries[0].link


def test_unknown_feeds_are_404(client, load_topic_stories):
    assert client.get(reverse("stories:feed-rss-for", args=["planet", "mars"])).status_code == 404
    assert client.get(reverse("stories:feed-atom-for", args=["section", "nope"])).status_code == 404


def test_pages_advertise_their_feeds(client, load_topic_stories):
    story = Story.objects.get(slug="russia-launches-142-drones-at-kyiv-overnight")
    pages = [
        (reverse("stories:home"), reverse("stories:feed-atom")),
        (reverse("stories:section", args=["business"]), _url("atom", "section", "business")),
        (reverse("stories:show", args=["morning-edition"]), _url("rss", "show", "morning-edition")),
        (reverse("stories:author", args=["olena-marchenko"]), _url("json", "author", "olena-marchenko")),
        (story.get_absolute_url(), _url("rss", "topic", story.topic_link.topic.slug)),
    ]
    for page, feed in pages:
        html = client.get(page).content.decode()
        head = html[: html.index("</head>")]
        assert f'rel="alternate"' in head and f'href="{feed}"' in head, page


def test_markup_in_quick_looks_is_escaped_in_feeds(client, load_topic_stories):
    story = Story.objects.get(slug="russia-launches-142-drones-at-kyiv-overnight")
    story.quick_looks.filter(position=0).update(text="<img src=x onerror=alert(1)> drones")
    feed = feedparser.parse(client.get(reverse("stories:feed-rss")).content)
    entry = next(e for e in feed.entries if e.title == story.headline)
    assert "<img" not in entry.summary and "&lt;img" in entry.summary
