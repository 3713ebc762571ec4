"""Exports: the outlet's text format (round-trips), Markdown and JSON, linked from the story page."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from quicklooks.stories.importing import import_story
from quicklooks.stories.models import Story
from quicklooks.text.storyformat import parse_story, read_story_file
from tests.conftest import FILES

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    parsed = read_story_file(FILES / "stories" / "putin-foreign-troops.txt")
    return parsed, import_story(parsed).story


def test_text_export_round_trips_the_sample(client, sample):
    parsed, story = sample
    response = client.get(reverse("stories:story-export", args=[story.slug, "txt"]))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert parse_story(response.content.decode()) == parsed


def test_markdown_export(client, sample):
    _, story = sample
    text = client.get(reverse("stories:story-export", args=[story.slug, "md"])).content.decode()
    assert text.startswith("# Putin: Foreign Troops Deployed to Ukraine Would be Legitimate Targets\n")
    assert "## Putin Threatens Foreign Troop Presence: Quick Looks" in text
    assert "- Russia launches 157 drones and 7 missiles overnight on Ukraine." in text
    assert "### Pushback Against Peacekeeping Plans" in text
    assert "- 157 strike and decoy drones" in text


def test_json_export(client, sample):
    _, story = sample
    data = json.loads(client.get(reverse("stories:story-export", args=[story.slug, "json"])).content)
    assert data["headline"] == story.headline
    assert len(data["quick_looks"]) == 8 and data["quick_looks"][0]["origin"] == "human"
    assert data["deep_look_dateline"] == "VLADIVOSTOK, Russia"
    assert [b["kind"] for b in data["deep_look"]].count("subhead") == 6
    assert "quotes" not in data or isinstance(data["quotes"], list)


def test_story_page_links_the_exports(client, sample):
    _, story = sample
    html = client.get(story.get_absolute_url()).content.decode()
    for fmt in ("txt", "md", "json"):
        assert f'href="{reverse("stories:story-export", args=[story.slug, fmt])}"' in html


def test_unknown_format_and_drafts_are_404(client, sample):
    _, story = sample
    assert client.get(f"/story/{story.slug}/export.pdf").status_code == 404
    Story.objects.filter(pk=story.pk).update(status=Story.Status.DRAFT)
    assert client.get(reverse("stories:story-export", args=[story.slug, "txt"])).status_code == 404


def test_markdown_export_never_carries_story_html(client, django_capture_on_commit_callbacks):
    """Backslash escapes are CommonMark's: other renderers pass ``\\<script>`` through as HTML."""
    from markdown_it import MarkdownIt

    from quicklooks.stories.importing import import_story
    from quicklooks.stories.models import QuickLook
    from quicklooks.text.storyformat import read_story_file
    from tests.conftest import FILES

    story = import_story(read_story_file(FILES / "stories" / "putin-foreign-troops.txt"), source="sample").story
    QuickLook.objects.filter(story=story, position=0).update(text="<script>alert(1)</script> & <img src=x onerror=alert(2)>")
    block = story.blocks.filter(kind="paragraph").first()
    block.text = "1. Not a list\n\n<iframe src=//evil.example></iframe>"
    block.save()
    markdown = client.get(reverse("stories:story-export", args=[story.slug, "md"])).content.decode()
    body = markdown.rsplit("\nSource: <", 1)[0]
    assert "<" not in body and ">" not in body, "no raw angle bracket reaches any renderer"
    html = MarkdownIt("commonmark").render(markdown)
    assert "<script" not in html and "<iframe" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img" in html  # shown as the text it is
    assert "<ol" not in html
