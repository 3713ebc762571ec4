"""The story's article, rendered once per content generation and read back: edits show at once, comments leave it cached."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quicklooks.caching.middleware import HIT_HEADER
from quicklooks.stories.models import BodyBlock, QuickLook, Section, Show, Story
from quicklooks.topics.models import Topic, TopicStory
from tests.caching.conftest import page_cache  # noqa: F401  (fixture)
from tests.caching.test_fragments import approve_a_comment, story  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db(transaction=True)]

# Templates only the article renders: when it comes from the cache, none of them does.
ARTICLE_TEMPLATES = {"stories/_meta_line.html", "stories/_quick_looks_box.html", "facts/_who_said_what.html"}


def miss(url: str):
    response = Client().get(url)
    assert response.status_code == 200 and response[HIT_HEADER] == "miss"
    return response, {template.name for template in response.templates}


def test_an_approved_comment_reads_the_article_back_and_an_edit_renders_it_again(story):  # noqa: F811
    url = story.get_absolute_url()
    first, rendered = miss(url)
    assert ARTICLE_TEMPLATES <= rendered

    approve_a_comment(story, "The article stays stored while this comment appears.")
    after, rendered = miss(url)
    assert "The article stays stored while this comment appears." in after.content.decode()
    assert not ARTICLE_TEMPLATES & rendered  # the article came from the fragment cache
    article = first.content.decode().split('<article class="story"', 1)[1].split("</article>", 1)[0]
    assert article in after.content.decode()

    block = BodyBlock.objects.get(story=story, position=1)
    block.text = "A sentence the editor wrote after the page was stored."
    block.save()
    bullet = QuickLook.objects.filter(story=story).order_by("position").first()
    bullet.text = "A Quick Look the editor rewrote."
    bullet.save()
    edited, rendered = miss(url)
    assert ARTICLE_TEMPLATES <= rendered
    page = edited.content.decode()
    assert "A sentence the editor wrote after the page was stored." in page.split('class="deep-look"', 1)[1]
    assert "A Quick Look the editor rewrote." in page.split('class="quick-looks"', 1)[1]


def test_the_article_holds_nothing_of_the_reader(story, client):  # noqa: F811
    from tests.comments.conftest import make_reader

    client.force_login(make_reader("ana@example.org", name="Ana Reader"))
    page = client.get(story.get_absolute_url()).content.decode()
    article = page.split('<article class="story"', 1)[1].split("</article>", 1)[0]
    assert "Ana Reader" not in article and "csrfmiddlewaretoken" not in article


def masthead(page: str) -> str:
    start = page.index('<nav class="site-nav"')
    return page[start : page.index("</nav>", start)]


# The tables only the masthead's navigation reads on a story page.
NAVIGATION_TABLES = ('FROM "stories_section"', 'FROM "stories_show"', 'FROM "topics_topic"')


def test_an_approved_comment_reads_the_masthead_back_without_asking_for_sections_shows_or_topics(story):  # noqa: F811
    url = story.get_absolute_url()
    first, _ = miss(url)
    approve_a_comment(story, "The masthead stays stored while this comment appears.")
    with CaptureQueriesContext(connection) as queries:
        after, _ = miss(url)
    assert "The masthead stays stored while this comment appears." in after.content.decode()
    asked = [query["sql"] for query in queries.captured_queries if any(table in query["sql"] for table in NAVIGATION_TABLES)]
    assert asked == []
    assert masthead(after.content.decode()) == masthead(first.content.decode())


def published(slug: str, **fields) -> Story:
    return Story.objects.create(slug=slug, headline=f"A story called {slug}", status=Story.Status.PUBLISHED,
                                published_at=timezone.now(), **fields)


def test_a_new_section_show_or_running_topic_is_in_the_stored_masthead_on_the_next_render(story):  # noqa: F811
    url = story.get_absolute_url()
    before = masthead(miss(url)[0].content.decode())
    assert "Harbour News" not in before and "Night Owl" not in before and "Ferry Fares" not in before

    harbour = Section.objects.create(name="Harbour News", slug="harbour-news", position=99)
    published("harbour-one", section=harbour)
    assert ">Harbour News</a>" in masthead(miss(url)[0].content.decode())

    night_owl = Show.objects.create(name="Night Owl", slug="night-owl")
    published("night-owl-one", show=night_owl)
    assert ">Night Owl</a>" in masthead(miss(url)[0].content.decode())

    topic = Topic.objects.create(name="Ferry Fares", slug="ferry-fares", name_locked=True)
    for slug in ("fares-one", "fares-two"):
        # wherever clustering placed them
        TopicStory.objects.update_or_create(story=published(slug), defaults={"topic": topic, "pinned": True})
    assert ">Ferry Fares</a>" in masthead(miss(url)[0].content.decode())

    harbour.name = "Harbour and Port"
    harbour.save()
    page = masthead(miss(url)[0].content.decode())
    assert ">Harbour and Port</a>" in page and "Harbour News" not in page


def test_each_page_keeps_its_own_masthead_current_link_and_the_front_page_its_own_topics(story):  # noqa: F811
    topic = Topic.objects.create(name="Ferry Fares", slug="ferry-fares", name_locked=True)
    for slug in ("fares-one", "fares-two"):
        TopicStory.objects.update_or_create(story=published(slug, section=story.section),
                                            defaults={"topic": topic, "pinned": True})
    for _ in range(2):  # the first render stores each page's masthead, the second reads it back
        approve_a_comment(story, "Every page is rendered again.")
        home = masthead(miss(reverse("stories:home"))[0].content.decode())
        section = masthead(miss(story.section.get_absolute_url())[0].content.decode())
        story_page = masthead(miss(story.get_absolute_url())[0].content.decode())
        current = re.compile(r'<a href="([^"]*)" aria-current="page">')
        assert current.findall(home) == [reverse("stories:home")]
        assert current.findall(section) == [story.section.get_absolute_url()]
        assert current.findall(story_page) == []
        # The front page overrides the masthead's topics block (it has its own strip): still so from the cache.
        assert ">Ferry Fares</a>" not in home
        assert ">Ferry Fares</a>" in section and ">Ferry Fares</a>" in story_page
