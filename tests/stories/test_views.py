"""The public pages render the story in the outlet's order, with semantic HTML."""

import re

import pytest
from django.urls import reverse

from quicklooks.stories.demo import load_demo
from quicklooks.stories.models import Story

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    return load_demo().story


def test_home_lists_published_stories_as_quick_looks_cards(client, sample):
    response = client.get(reverse("stories:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert sample.headline in html
    assert "Putin Threatens Foreign Troop Presence: Quick Looks" in html
    assert html.count('class="quick-look"') == 8
    assert sample.get_absolute_url() in html


def test_story_page_follows_the_outlets_order(client, sample):
    html = client.get(sample.get_absolute_url()).content.decode()
    order = [
        "<h1",
        "Newslooks",
        "WASHINGTON",
        "J. Mansour",
        "Morning Edition",
        "Russian President Vladimir Putin warned",
        "Putin Threatens Foreign Troop Presence: Quick Looks",
        "Deep Look:",
        "VLADIVOSTOK, Russia",
        "Pushback Against Peacekeeping Plans",
        "You must",
    ]
    cursor = 0
    for marker in order:
        found = html.find(marker, cursor)
        assert found >= 0, f"{marker!r} missing or out of order"
        cursor = found


def test_story_page_structure(client, sample):
    html = client.get(sample.get_absolute_url()).content.decode()
    assert "<article" in html and "<main" in html
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert len(re.findall(r'<h3 class="subhead"', html)) == 6
    assert len(re.findall(r'<ul class="body-list"', html)) == 2
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT', html)
    assert "You must Register or Log in to post a comment." in re.sub(r"<[^>]+>", "", html)
    assert "<li>157 strike and decoy drones</li>" in html


def test_register_and_login_links_lead_somewhere_honest(client, sample):
    html = client.get(sample.get_absolute_url()).content.decode()
    links = re.findall(r'href="([^"]*(?:signup|login)[^"]*)"', html)
    assert any("signup" in link for link in links) and any("login" in link for link in links)
    for link in links:
        page = client.get(link.replace("&amp;", "&"))
        assert page.status_code == 200
        # The real allauth forms, which send the reader back to the story.
        assert b'name="password' in page.content
        assert f'value="{sample.get_absolute_url()}'.encode() in page.content


def test_drafts_are_not_public(client, sample):
    Story.objects.filter(pk=sample.pk).update(status=Story.Status.DRAFT)
    assert client.get(sample.get_absolute_url()).status_code == 404
    assert sample.headline not in client.get(reverse("stories:home")).content.decode()


@pytest.mark.parametrize("kind", ["section", "show", "author"])
def test_listing_pages(client, sample, kind):
    obj = {"section": sample.section, "show": sample.show, "author": sample.authors.first()}[kind]
    response = client.get(obj.get_absolute_url())
    assert response.status_code == 200
    assert sample.headline in response.content.decode()


def test_unknown_story_is_404(client, db):
    assert client.get(reverse("stories:story", args=["no-such-story"])).status_code == 404


def _heading_levels(html: str) -> list[int]:
    main = html.split('<main', 1)[1].split("</main>", 1)[0]
    return [int(level) for level in re.findall(r"<h([1-6])\b", main)]


def _assert_no_skipped_levels(levels: list[int], url: str) -> None:
    assert levels and levels[0] == 1, url
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"{url}: h{before} is followed by h{after}"


def test_listings_nest_their_headings(client, sample):
    from tests.readers import store_topic_stories
    from quicklooks.stories.models import Show
    from quicklooks.topics.clustering import rebuild
    from quicklooks.topics.models import Topic

    store_topic_stories(rebuild=False)
    rebuild()
    urls = [reverse("stories:home"), sample.section.get_absolute_url()]
    urls += [reverse("stories:show", args=[show.slug]) for show in Show.objects.all()]
    urls += [topic.get_absolute_url() for topic in Topic.objects.all()[:2]]
    for url in urls:
        html = client.get(url).content.decode()
        _assert_no_skipped_levels(_heading_levels(html), url)
        # A card's Quick Looks label sits one level under the card's headline.
        for headline, label in re.findall(r'<h([1-6]) class="card-headline">.*?<h([1-6])[^>]*class="quick-looks-label"', html, re.S):
            assert int(label) == int(headline) + 1, url
