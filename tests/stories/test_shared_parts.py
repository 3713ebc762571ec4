"""The story's article, rendered once per content generation and read back: edits show at once, comments leave it cached."""

from __future__ import annotations

import pytest
from django.test import Client

from quicklooks.caching.middleware import HIT_HEADER
from quicklooks.stories.models import BodyBlock, QuickLook
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
