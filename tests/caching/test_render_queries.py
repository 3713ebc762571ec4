"""What a story render after an approved comment, and a reader's comments fragment, ask the database.

These renders happen on every approved comment (the page) and for every
signed-in reader (the fragment), so each query they can do without is one
fewer on the busiest path. The tests name the queries that must be gone,
not a count, so an unrelated new query elsewhere does not break them.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quicklooks.caching.middleware import HIT_HEADER
from quicklooks.comments import moderation
from quicklooks.comments.posting import post_comment
from quicklooks.stories.demo import load_demo
from tests.comments.conftest import make_reader

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def story(page_cache, settings):
    settings.QUICKLOOKS_COMMENT_RATE = "0"
    return load_demo().story


def main_table(sql: str) -> str:
    """The table a query reads from, its subqueries (columns computed with the row) left out."""
    while re.search(r"\([^()]*\)", sql):
        sql = re.sub(r"\([^()]*\)", "", sql)
    found = re.search(r'\bFROM\s+"(\w+)"', sql)
    return found.group(1) if found else ""


def queries_of(client, url: str, **headers) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return response, [query["sql"] for query in captured.captured_queries]


def reader(email: str, **fields):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(email=email).first() or make_reader(email, **fields)


def comment_miss(story) -> tuple[str, list[str]]:
    """The story page rendered after an approved comment, and the queries of that render."""
    from quicklooks.caching.watching import comments_changed

    moderator = reader("mo@example.org", name="Mo", roles=("moderator",))
    writer = reader("zoe@example.org", name="Zoe")

    def approved(user, text, parent=None):
        comment, _ = post_comment(story=story, user=user, text=text, parent=parent)
        if comment.status != comment.Status.VISIBLE:
            moderation.approve(comment, moderator)
        comments_changed.flush()  # the debounced bump, now rather than within half a second
        return comment

    url = story.get_absolute_url()
    first = approved(writer, "The first comment.")
    approved(moderator, "A moderator's reply.", parent=first)
    Client().get(url)  # the story's own parts are cached for this content generation
    approved(writer, "An approved comment.")
    response, sql = queries_of(Client(), url)
    assert response[HIT_HEADER] == "miss"
    return response.content.decode(), sql


def test_a_comment_miss_reads_the_comment_policy_and_count_with_the_story(story):
    moderation.set_policy(story, "premoderated", reader("mo@example.org", name="Mo", roles=("moderator",)))
    html, sql = comment_miss(story)
    tables = [main_table(query) for query in sql]
    assert "comments_commentpolicy" not in tables
    # The count is a column of the story's row, not a query on the comments.
    assert not [query for query in sql if main_table(query) == "comments_comment" and "COUNT(" in query.split(" FROM ")[0]]
    assert 'id="comment-total">(3)</span>' in html
    assert "A moderator reads every comment on this story before it appears." not in html  # the anonymous gate
    assert "Register</a> or" in html


def test_the_readers_comments_fragment_reads_the_policy_with_the_story(story):
    moderator = reader("mo@example.org", name="Mo", roles=("moderator",))
    moderation.set_policy(story, "premoderated", moderator)
    client = Client()
    client.force_login(moderator)
    url = reverse("comments:reader", args=[story.slug]) + f"?page={story.get_absolute_url()}"
    response, sql = queries_of(client, url)
    assert "comments_commentpolicy" not in [main_table(query) for query in sql]
    html = response.content.decode()
    assert '<option value="premoderated" selected>' in html
    assert "A moderator reads every comment on this story before it appears." in html


def test_a_comment_miss_asks_nobody_who_is_staff(story):
    # Who is staff is remembered per content generation (threads.mark_staff):
    # an approved comment leaves that generation, and the set, in place.
    html, sql = comment_miss(story)
    assert "auth_user" not in [main_table(query) for query in sql]
    badges = re.findall(r'<strong id="comment-\d+-by" class="comment-author">(\w+)</strong>\s*(<span class="comment-badge comment-badge-staff")?', html)
    assert sorted((name, bool(badge)) for name, badge in badges) == [("Mo", True), ("Zoe", False), ("Zoe", False)]
