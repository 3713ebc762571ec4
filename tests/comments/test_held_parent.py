"""A reply stays visible when the comment it answers is later held or rejected, and counts match."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from quicklooks.comments import moderation, posting, threads
from quicklooks.comments.models import Comment
from quicklooks.stories.models import Story
from tests.comments.conftest import make_reader

pytestmark = pytest.mark.django_db


def shown_bodies(html: str) -> list[str]:
    return re.findall(r'<div class="comment-body">(.*?)</div>', html, re.S)


def heading_count(html: str) -> int:
    return int(re.search(r'<span class="comment-total"[^>]*>\((\d+)\)</span>', html).group(1))


@pytest.fixture
def thread_with_held_parent(story, moderator):
    # A young account: its links wait for a moderator (QUICKLOOKS_NEW_ACCOUNT_DAYS).
    reader1 = make_reader("reader1@example.org", name="Reader One", days_old=0)
    reader2 = make_reader("reader2@example.org", name="Reader Two")
    first, _ = posting.post_comment(story=story, user=reader1, text="First thoughts.")
    other, _ = posting.post_comment(story=story, user=reader2, text="A separate comment.")
    reply, _ = posting.post_comment(story=story, user=reader2, text="A reply to the first.", parent=first)
    for n in range(3):
        posting.post_comment(story=story, user=make_reader(f"r{n}@example.org", name=f"Extra {n}"), text=f"More number {n}.")
    posting.edit_comment(first, reader1, "First thoughts, see https://example.com/source")
    first.refresh_from_db()
    assert first.status == Comment.Status.PENDING
    return {"first": first, "reply": reply, "reader1": reader1, "moderator": moderator}


def test_anonymous_count_equals_the_comments_shown(client, story, thread_with_held_parent):
    html = client.get(story.get_absolute_url()).content.decode()
    bodies = shown_bodies(html)
    assert heading_count(html) == len(bodies) == 5
    assert any("A reply to the first." in b for b in bodies)
    assert "This comment is awaiting moderation." in html
    assert "First thoughts" not in html and "Reader One" not in html


def test_the_author_still_sees_their_held_comment(client, story, thread_with_held_parent):
    client.force_login(thread_with_held_parent["reader1"])
    html = client.get(story.get_absolute_url()).content.decode()
    assert "First thoughts, see" in html and "Waiting for a moderator" in html
    assert "This comment is awaiting moderation." not in html


def test_a_rejected_parent_leaves_its_replies_under_a_placeholder(client, story, thread_with_held_parent):
    moderation.reject(thread_with_held_parent["first"], thread_with_held_parent["moderator"], "link spam")
    html = client.get(story.get_absolute_url()).content.decode()
    assert "This comment was removed by a moderator." in html and "link spam" not in html
    assert heading_count(html) == len(shown_bodies(html)) == 5


def test_a_held_comment_without_replies_leaves_no_trace(client, story, reader):
    lone, _ = posting.post_comment(story=story, user=make_reader("young@example.org", name="Young", days_old=0),
                                   text="Buy at https://spam.example")
    assert lone.status == Comment.Status.PENDING
    html = client.get(story.get_absolute_url()).content.decode()
    assert "awaiting moderation" not in html and heading_count(html) == 0
    thread = client.get(reverse("comments:thread", args=[lone.pk])).content.decode()
    assert "spam.example" not in thread


def test_the_thread_page_shows_the_reply_under_the_placeholder(client, thread_with_held_parent):
    html = client.get(reverse("comments:thread", args=[thread_with_held_parent["first"].pk])).content.decode()
    assert "This comment is awaiting moderation." in html and "A reply to the first." in html
    assert "First thoughts" not in html


def test_card_and_listing_counts_agree_with_the_panel(client, story, thread_with_held_parent):
    assert threads.visible_count(story.pk) == 5
    annotated = Story.objects.filter(pk=story.pk).annotate(n=threads.visible_count_column()).get()
    assert annotated.n == 5
    home = client.get(reverse("stories:home")).content.decode()
    assert re.search(r'class="card-comments"><a [^>]*>5 comments', home)


def test_more_replies_link_counts_only_replies_that_show(client, story, reader, moderator):
    top, _ = posting.post_comment(story=story, user=reader, text="Top.")
    repliers = [make_reader(f"p{n}@example.org", name=f"Replier {n}") for n in range(7)]
    replies = [posting.post_comment(story=story, user=u, text=f"Reply {n}.", parent=top)[0] for n, u in enumerate(repliers)]
    moderation.reject(replies[1], moderator)
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Show 1 more reply" in html
    assert heading_count(html) == 7
