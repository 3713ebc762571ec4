"""A story's lead image travels with it: story page, OpenGraph and Twitter cards, JSON-LD, feeds, news sitemap, newsletter."""

from __future__ import annotations

import json
from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree
from lxml import html as lxml_html

from quicklooks.newsletters.editions import render as render_edition
from quicklooks.newsletters.models import Edition
from quicklooks.stories import images
from quicklooks.stories.models import Story
from tests.readers import load_topic_stories  # noqa: F401  (fixture)
from tests.stories.test_images import photo
from tests.stories.test_sitemaps import NS, SCHEMA

pytestmark = pytest.mark.django_db

BASE = "https://news.example.org"
SLUG = "cedar-key-begins-rebuilding-weeks-after-hurricane-marisol"
ALT = "A man carries a plank past a house with no roof"


@pytest.fixture
def pictured(load_topic_stories, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.QUICKLOOKS_BASE_URL = BASE
    story = Story.objects.get(slug=SLUG)
    Story.objects.filter(pk=story.pk).update(published_at=timezone.now() - timedelta(hours=3))
    story.refresh_from_db()
    images.set_story_image(story, photo(2000, 1250), name="cedar-key.jpg", alt=ALT, caption="Rebuilding on Dock Street.", credit="Sam Poe/Gulf Wire")
    story.refresh_from_db()
    return story


def test_story_page_shows_the_picture_with_srcset_dimensions_and_caption(client, pictured):
    page = lxml_html.fromstring(client.get(pictured.get_absolute_url()).content)
    (img,) = page.xpath("//article//picture//img")
    assert img.get("alt") == ALT and (img.get("width"), img.get("height")) == ("2000", "1250")
    assert [part.split()[-1] for part in img.get("srcset").split(", ")] == ["320w", "640w", "960w", "1280w", "1920w", "2000w"]
    (source,) = page.xpath("//article//picture//source")
    assert source.get("type") == "image/webp" and ".webp 320w" in source.get("srcset")
    caption = page.xpath("//article//figure/figcaption")[0].text_content()
    assert "Rebuilding on Dock Street." in caption and "Sam Poe/Gulf Wire" in caption
    # The files the page names are there to be served.
    assert client.get(img.get("src")).status_code == 200


def test_open_graph_twitter_and_json_ld_carry_the_image(client, pictured):
    head = lxml_html.fromstring(client.get(pictured.get_absolute_url()).content).head
    meta = {el.get("property") or el.get("name"): el.get("content") for el in head.xpath("//meta")}
    assert meta["og:image"].startswith(BASE + "/media/stories/") and meta["og:image"].endswith("-1280.jpg")
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1280", "800")
    assert meta["og:image:alt"] == ALT and meta["og:image:type"] == "image/jpeg"
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:image"] == meta["og:image"] and meta["twitter:image:alt"] == ALT
    data = json.loads(head.xpath('//script[@type="application/ld+json"]')[0].text)
    (image,) = data["image"]
    assert image["@type"] == "ImageObject"
    assert image["url"] == BASE + pictured.image.url and (image["width"], image["height"]) == (2000, 1250)
    assert image["caption"] == "Rebuilding on Dock Street." and image["creditText"] == "Sam Poe/Gulf Wire"


def test_a_story_without_a_picture_has_no_image_tags(client, pictured):
    other = Story.objects.published().exclude(pk=pictured.pk).first()
    head = lxml_html.fromstring(client.get(other.get_absolute_url()).content).head
    assert not head.xpath('//meta[@property="og:image"]')
    assert head.xpath('//meta[@name="twitter:card"]/@content') == ["summary"]
    assert "image" not in json.loads(head.xpath('//script[@type="application/ld+json"]')[0].text)


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_rss_and_atom_carry_media_content_and_an_enclosure(client, pictured, fmt):
    response = client.get(reverse(f"stories:feed-{fmt}"))
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    entry = next(e for e in feed.entries if e.link.endswith(f"/{SLUG}/"))
    (media,) = entry.media_content
    assert media["url"].endswith("-1280.jpg") and media["medium"] == "image"
    assert (media["width"], media["height"]) == ("1280", "800")
    (enclosure,) = entry.enclosures
    assert enclosure["href"] == media["url"] and enclosure["type"] == "image/jpeg"
    assert int(enclosure["length"]) == pictured.image_renditions[3]["jpeg_bytes"]
    tree = etree.fromstring(response.content)
    media_ns = {"media": "http://search.yahoo.com/mrss/"}
    assert tree.xpath("//media:content/media:description/text()", namespaces=media_ns) == [ALT]
    assert tree.xpath("//media:content/media:credit/text()", namespaces=media_ns) == ["Sam Poe/Gulf Wire"]
    # Only the story that has a picture carries one.
    assert len(tree.xpath("//media:content", namespaces=media_ns)) == 1


def test_json_feed_carries_the_image(client, pictured):
    data = json.loads(client.get(reverse("stories:feed-json")).content)
    item = next(i for i in data["items"] if i["url"].endswith(f"/{SLUG}/"))
    assert item["image"].startswith(BASE) and item["image"].endswith("-1280.jpg")
    assert item["attachments"][0]["mime_type"] == "image/jpeg" and item["attachments"][0]["size_in_bytes"] > 0
    assert sum("image" in i for i in data["items"]) == 1


def test_news_sitemap_names_the_image_and_validates(client, pictured):
    response = client.get(reverse("stories:news-sitemap"))
    SCHEMA.validate(response.content)
    tree = etree.fromstring(response.content)
    ns = NS | {"image": "http://www.google.com/schemas/sitemap-image/1.1"}
    assert tree.xpath("//s:url/image:image/image:loc/text()", namespaces=ns) == [BASE + pictured.image.url]


def test_an_image_element_out_of_shape_would_fail_the_schema():
    import xmlschema

    bad = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">'
        b"<url><loc>https://a.example/</loc><image:image><image:caption>no loc</image:caption></image:image></url></urlset>"
    )
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        SCHEMA.validate(bad)


def test_the_newsletter_shows_the_image_with_its_alt_text(pictured):
    edition = Edition.objects.create(show=None, date=timezone.localdate())
    rendered = render_edition(edition, [pictured])
    page = lxml_html.fromstring(rendered.html)
    (img,) = page.xpath("//img")
    assert img.get("src").startswith(BASE + "/media/") and img.get("src").endswith("-1280.jpg")
    assert img.get("alt") == ALT
    assert f"[Picture: {ALT}]" in rendered.text
