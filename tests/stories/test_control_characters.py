"""A control character in a story: stripped where it enters, and never able to break an output.

Before the policy, one stored ``\\x02`` made /feeds/rss/ and /feeds/atom/
answer 500 for the whole site, made /sitemap-news.xml invalid XML and turned
into a real ``<mark>`` tag in search results.
"""

from __future__ import annotations

import feedparser
import pytest
from django.urls import reverse
from lxml import etree

from quicklooks.stories.importing import import_story
from quicklooks.stories.library import import_paths
from quicklooks.stories.models import BodyBlock, QuickLook, Story
from quicklooks.text.storyformat import read_story_file
from tests.conftest import FILES

pytestmark = pytest.mark.django_db

SAMPLE = FILES / "stories" / "putin-foreign-troops.txt"


@pytest.fixture
def story_with_controls(django_capture_on_commit_callbacks):
    """The sample story stored, then given control characters the way an older row or a stray path could."""
    with django_capture_on_commit_callbacks(execute=True):
        story = import_story(read_story_file(SAMPLE), source="sample").story
        Story.objects.filter(pk=story.pk).update(headline=story.headline + " \x02bold\x03 \x1b[0m")
        bullet = story.quick_looks.order_by("position").first()
        QuickLook.objects.filter(pk=bullet.pk).update(text=bullet.text + " \x0b\x02zebra\x03")
        block = story.blocks.filter(kind="paragraph").first()
        block.text = "Zebracorn \x02crossing\x03 <b>here</b>. " + block.text
        block.save()
    return Story.objects.get(pk=story.pk)


@pytest.mark.parametrize("name", ["stories:feed-rss", "stories:feed-atom"])
def test_feeds_answer_and_parse_with_a_control_character_stored(client, story_with_controls, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.entries[0].title.endswith("bold [0m")


def test_news_sitemap_stays_valid_xml(client, story_with_controls):
    response = client.get(reverse("stories:news-sitemap"))
    assert response.status_code == 200
    tree = etree.fromstring(response.content)  # raises on invalid XML
    title = tree.xpath("//news:title/text()", namespaces={"news": "http://www.google.com/schemas/sitemap-news/0.9"})
    assert title and "\x02" not in title[0]


def test_control_characters_in_story_text_never_become_mark_tags(client, story_with_controls):
    from quicklooks.stories.search import search_stories

    results = search_stories("zebracorn")
    assert results, "the story is found"
    snippet = str(results[0].snippet_html)
    # Only the searched word is marked; the story's own \x02...\x03 is not a mark.
    assert snippet.count("<mark>") == 1 and "<mark>Zebracorn</mark>" in snippet
    assert "<mark>crossing</mark>" not in snippet
    assert "&lt;b&gt;" in snippet or "<b>" not in snippet
    page = client.get(reverse("stories:search"), {"q": "zebracorn"}).content.decode()
    assert "<mark>crossing</mark>" not in page


def test_import_strips_control_characters_at_entry(tmp_path):
    path = tmp_path / "controls.txt"
    text = SAMPLE.read_text(encoding="utf-8")
    path.write_text(text.replace("Putin", "Pu\x02tin", 1).replace("drones", "dro\x1bnes\x85", 1), encoding="utf-8")
    report = import_paths([str(path)], echo=lambda line: None)
    assert report.counts["created"] == 1, report.failures
    story = Story.objects.get(source=str(path.resolve()))
    stored = [story.headline, *story.quick_looks.values_list("text", flat=True)]
    stored += [block.text + " ".join(block.items) for block in BodyBlock.objects.filter(story=story)]
    assert not any(ch in "".join(stored) for ch in "\x02\x1b\x85")
