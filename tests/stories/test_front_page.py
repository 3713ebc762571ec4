"""The front page (issue 18): the editor's pick leads, then top stories, a row per section and the Latest list."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quicklooks.stories.front_page import LATEST, SECTION_ROW, TOP_STORIES, front_page
from quicklooks.stories.models import Author, Byline, QuickLook, Section, Show, Story

pytestmark = pytest.mark.django_db

START = timezone.now() - timedelta(days=30)


def publish(n: int, *, section=None, show=None, hours: float | None = None, **fields) -> Story:
    story = Story.objects.create(
        slug=f"story-{n}",
        headline=f"Headline number {n}",
        status=Story.Status.PUBLISHED,
        published_at=START + timedelta(hours=n if hours is None else hours),
        section=section,
        show=show,
        **fields,
    )
    QuickLook.objects.create(story=story, position=0, text=f"The first Quick Look of story {n}.")
    return story


@pytest.fixture
def sections():
    return [Section.objects.create(name=name, slug=name.lower(), position=i) for i, name in enumerate(["World", "US", "Business"])]


def test_the_newest_story_leads_when_nothing_is_picked(sections):
    stories = [publish(n, section=sections[n % 3]) for n in range(12)]
    parts = front_page()
    assert parts["lead"] == stories[-1]
    assert parts["top_stories"] == stories[-2 : -2 - TOP_STORIES : -1]
    assert parts["latest"] == stories[::-1][:LATEST]


def test_the_editors_most_recent_pick_leads_and_is_not_repeated_below(sections):
    stories = [publish(n, section=sections[n % 3]) for n in range(12)]
    Story.objects.filter(pk=stories[2].pk).update(front_page_picked_at=timezone.now() - timedelta(hours=1))
    Story.objects.filter(pk=stories[5].pk).update(front_page_picked_at=timezone.now())
    parts = front_page()
    assert parts["lead"].pk == stories[5].pk
    assert stories[5].pk not in [s.pk for s in parts["top_stories"]]
    assert len(parts["top_stories"]) == TOP_STORIES


def test_an_unpublished_pick_does_not_lead(sections):
    stories = [publish(n, section=sections[0]) for n in range(3)]
    Story.objects.filter(pk=stories[0].pk).update(front_page_picked_at=timezone.now(), status=Story.Status.DRAFT)
    assert front_page()["lead"].pk == stories[2].pk


def test_each_section_gets_a_row_of_its_newest_stories_not_shown_above(sections):
    stories = [publish(n, section=sections[n % 3]) for n in range(30)]
    parts = front_page()
    shown = {parts["lead"].pk, *(s.pk for s in parts["top_stories"])}
    rows = parts["section_rows"]
    assert [section.name for section, _ in rows] == ["World", "US", "Business"], "in the navigation's order"
    for section, row in rows:
        assert len(row) == SECTION_ROW
        assert all(story.section_id == section.pk and story.pk not in shown for story in row)
        expected = [s for s in reversed(stories) if s.section_id == section.pk and s.pk not in shown][:SECTION_ROW]
        assert [s.pk for s in row] == [s.pk for s in expected], "newest first"


def test_a_section_without_stories_gets_no_row(sections):
    for n in range(1 + TOP_STORIES + 2):
        publish(n, section=sections[0])
    assert [section.name for section, _ in front_page()["section_rows"]] == ["World"]


def test_the_front_page_costs_the_same_queries_for_ten_stories_or_sixty(client, sections):
    author = Author.objects.create(name="Ada Writer", slug="ada-writer")

    def add(count, offset):
        for n in range(offset, offset + count):
            story = publish(n, section=sections[n % 3])
            Byline.objects.create(story=story, author=author)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("stories:home")).status_code == 200
        return len(captured)

    add(10, 0)
    few = queries()
    add(50, 10)
    assert queries() == few


def test_the_page_shows_every_part_in_order_and_later_pages_are_the_archive(client, sections):
    show = Show.objects.create(name="Morning Edition", slug="morning-edition")
    stories = [publish(n, section=sections[n % 3], show=show) for n in range(20)]
    html = client.get(reverse("stories:home")).content.decode()
    order = ['class="front-lead', 'id="front-top-heading"', 'id="front-latest-heading"', 'id="section-row-world"', 'id="section-row-us"']
    positions = [html.find(marker) for marker in order]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), positions
    assert len(re.findall(r"<h1[ >]", html)) == 1
    archive = client.get(reverse("stories:home") + "?page=2").content.decode()
    assert "All stories" in archive and stories[0].headline in archive and 'class="front-lead' not in archive


def test_an_empty_site_says_so(client):
    html = client.get(reverse("stories:home")).content.decode()
    assert "No stories have been published yet." in html


def test_an_edition_page_lists_that_days_stories_in_running_order(client, settings):
    settings.TIME_ZONE = "America/New_York"
    show = Show.objects.create(name="Morning Edition", slug="morning-edition")
    day = timezone.now().replace(hour=15, minute=0, second=0, microsecond=0) - timedelta(days=3)
    early = publish(1, show=show, hours=0)
    late = publish(2, show=show, hours=0)
    # 03:30 UTC is still the evening before in New York: that story belongs to the previous edition.
    evening = publish(3, show=show, hours=0)
    Story.objects.filter(pk=early.pk).update(published_at=day)
    Story.objects.filter(pk=late.pk).update(published_at=day + timedelta(hours=2))
    Story.objects.filter(pk=evening.pk).update(published_at=day.replace(hour=3, minute=30))
    local_day = timezone.localtime(day).date()
    html = client.get(reverse("stories:show-edition", args=[show.slug, local_day.isoformat()])).content.decode()
    headlines = re.findall(r'<h2 class="card-headline"><a [^>]*>([^<]*)</a>', html)
    assert headlines == [early.headline, late.headline]
    assert "Previous edition" in html
    assert client.get(reverse("stories:show-edition", args=[show.slug, "2001-01-01"])).status_code == 404
    assert client.get(reverse("stories:show-edition", args=[show.slug, "not-a-day"])).status_code == 404
    show_page = client.get(reverse("stories:show", args=[show.slug])).content.decode()
    assert reverse("stories:show-edition", args=[show.slug, local_day.isoformat()]) in show_page


def test_the_navigation_lists_only_sections_and_shows_with_published_stories(client, sections):
    Show.objects.create(name="Night Owl", slug="night-owl")
    morning = Show.objects.create(name="Morning Edition", slug="morning-edition")
    publish(1, section=sections[1], show=morning)
    draft = publish(2, section=sections[2])
    Story.objects.filter(pk=draft.pk).update(status=Story.Status.DRAFT)
    html = client.get(reverse("stories:home")).content.decode()
    nav = html[html.index('class="site-nav"') : html.index("</nav>", html.index('class="site-nav"'))]
    assert re.findall(r'<a href="/section/[^"]*/"[^>]*>([^<]*)</a>', nav) == ["US"]
    assert re.findall(r'<a href="/show/[^"]*/"[^>]*>([^<]*)</a>', nav) == ["Morning Edition"]
    assert 'role="search"' in html and 'name="q"' in html and 'method="get"' in html


@pytest.mark.parametrize(
    "fields, expected",
    [
        ({"outlet": "", "dateline": "KYIV"}, "KYIV / By Ada Writer / "),
        ({"outlet": "", "dateline": ""}, "By Ada Writer / "),
        ({"outlet": "Newslooks", "dateline": ""}, "Newslooks / By Ada Writer / "),
    ],
)
def test_the_meta_line_opens_with_its_first_part_never_a_slash(client, fields, expected):
    story = publish(1, **fields)
    Byline.objects.create(story=story, author=Author.objects.create(name="Ada Writer", slug="ada-writer"))
    html = client.get(story.get_absolute_url()).content.decode()
    line = re.search(r'<p class="meta-line">(.*?)</p>', html, re.S).group(1)
    text = " ".join(re.sub(r"<[^>]+>", " ", line).split())
    assert text.startswith(expected), text


@pytest.mark.django_db(transaction=True)
def test_the_front_page_and_editions_are_cached_and_a_new_pick_shows_at_once(client, settings):
    from django.core.cache import caches

    from quicklooks.caching.middleware import HIT_HEADER

    settings.QUICKLOOKS_PAGE_CACHE_SECONDS = 600
    for alias in caches:
        caches[alias].clear()
    show = Show.objects.create(name="Morning Edition", slug="morning-edition")
    stories = [publish(n, show=show, hours=n * 30) for n in range(4)]
    edition = reverse("stories:show-edition", args=[show.slug, timezone.localtime(stories[0].published_at).date().isoformat()])
    for url in (reverse("stories:home"), edition):
        assert client.get(url)[HIT_HEADER] == "miss"
        assert client.get(url)[HIT_HEADER] == "hit"
    picked = Story.objects.get(pk=stories[0].pk)
    picked.front_page_picked_at = timezone.now()
    picked.save()
    home = client.get(reverse("stories:home"))
    assert home[HIT_HEADER] == "miss"
    lead = re.search(r'<h2 class="front-lead-headline"[^>]*><a [^>]*>([^<]*)<', home.content.decode()).group(1)
    assert lead == picked.headline
    for alias in caches:
        caches[alias].clear()
