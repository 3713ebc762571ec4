"""Sitemaps validated against their XML schemas (shipped in tests/files/sitemaps), and robots.txt."""

from __future__ import annotations

from datetime import timedelta

import pytest
import xmlschema
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from quicklooks.stories.models import Story
from tests.conftest import FILES
from tests.readers import load_topic_stories  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}
SCHEMA = xmlschema.XMLSchema(
    str(FILES / "sitemaps" / "sitemap.xsd"),
    locations=[
        (NS["news"], str(FILES / "sitemaps" / "sitemap-news.xsd")),
        ("http://www.google.com/schemas/sitemap-image/1.1", str(FILES / "sitemaps" / "sitemap-image.xsd")),
    ],
)


def test_sitemap_validates_and_lists_every_published_page(client, load_topic_stories, settings):
    settings.QUICKLOOKS_BASE_URL = "https://news.example.org"
    Story.objects.filter(slug="mortgage-rates-fall-after-fed-rate-cut").update(status=Story.Status.DRAFT)
    response = client.get(reverse("stories:sitemap"))
    assert response.status_code == 200
    SCHEMA.validate(response.content)
    locs = etree.fromstring(response.content).xpath("//s:loc/text()", namespaces=NS)
    assert "https://news.example.org/" in locs
    assert "https://news.example.org/story/russia-launches-142-drones-at-kyiv-overnight/" in locs
    assert not any("mortgage-rates-fall" in loc for loc in locs)
    assert any("/topics/" in loc for loc in locs)
    assert any("/section/business/" in loc for loc in locs)
    assert sum("/story/" in loc for loc in locs) == 30


def test_an_invalid_sitemap_would_fail_the_schema():
    bad = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>x</loc><priority>2</priority></url></urlset>'
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        SCHEMA.validate(bad)


def test_news_sitemap_lists_the_last_two_days_and_validates(client, load_topic_stories):
    now = timezone.now()
    fresh = Story.objects.get(slug="cedar-key-begins-rebuilding-weeks-after-hurricane-marisol")
    Story.objects.filter(pk=fresh.pk).update(published_at=now - timedelta(hours=5))
    Story.objects.filter(slug="fed-minutes-show-officials-split-over-pace-of-rate-cuts").update(
        published_at=now - timedelta(days=3)
    )
    response = client.get(reverse("stories:news-sitemap"))
    SCHEMA.validate(response.content)
    tree = etree.fromstring(response.content)
    assert tree.xpath("//s:loc/text()", namespaces=NS) == ["http://127.0.0.1:8000" + fresh.get_absolute_url()]
    assert tree.xpath("//news:title/text()", namespaces=NS) == [fresh.headline]
    assert tree.xpath("//news:name/text()", namespaces=NS) == ["Newslooks"]


def test_empty_news_sitemap_is_well_formed(client, db):
    response = client.get(reverse("stories:news-sitemap"))
    assert etree.fromstring(response.content).tag == "{%s}urlset" % NS["s"]


def test_robots_txt_points_at_both_sitemaps(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text
    assert "Sitemap: http://127.0.0.1:8000/sitemap-news.xml" in text
    assert "Disallow: /admin/" in text
