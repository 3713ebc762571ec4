"""Readers cannot react to or report their own comments; suspended or banned readers cannot react."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quicklooks.comments import moderation, posting
from quicklooks.comments.models import Comment, Reaction, Report
from quicklooks.comments.moderation import CommentRefused

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(story, reader):
    comment, _ = posting.post_comment(story=story, user=reader, text="My own view.")
    return comment


def _count(comment):
    comment.refresh_from_db()
    return comment.reaction_count


def test_reacting_to_ones_own_comment_is_refused(mine, reader):
    with pytest.raises(CommentRefused, match="your own comment"):
        posting.react(mine, reader, "respect")
    assert _count(mine) == 0 and not Reaction.objects.exists()


def test_direct_post_of_a_reaction_to_ones_own_comment(alice, mine):
    response = alice.post(reverse("comments:react", args=[mine.pk]), {"kind": "respect"})
    assert response.status_code == 400
    assert "You cannot react to your own comment." in response.content.decode()
    assert _count(mine) == 0 and not Reaction.objects.exists()


@pytest.mark.parametrize("sanction", ["suspend", "ban"])
def test_sanctioned_readers_cannot_react(client, story, other_reader, mine, moderator, sanction):
    if sanction == "suspend":
        moderation.suspend(other_reader, moderator, days=2, reason="heated")
    else:
        moderation.ban(other_reader, moderator, reason="abuse")
    with pytest.raises(CommentRefused, match="(suspended|banned) from commenting.* react to "):
        posting.react(mine, other_reader, "respect")
    client.force_login(other_reader)
    response = client.post(reverse("comments:react", args=[mine.pk]), {"kind": "insightful"})
    # A sanction forbids the action outright (403), unlike a fixable mistake (400).
    assert response.status_code == 403 and "react to or report comments" in response.content.decode()
    assert _count(mine) == 0 and not Reaction.objects.exists()


def test_a_lifted_suspension_restores_reacting(other_reader, mine, moderator):
    sanction = moderation.suspend(other_reader, moderator, days=2, reason="heated")
    moderation.lift(sanction, moderator)
    posting.react(mine, other_reader, "respect")
    assert _count(mine) == 1


def test_others_still_react(client, other_reader, mine):
    client.force_login(other_reader)
    assert client.post(reverse("comments:react", args=[mine.pk]), {"kind": "respect"}).status_code == 302
    assert _count(mine) == 1


def test_reporting_ones_own_comment_is_refused(mine, reader):
    with pytest.raises(CommentRefused, match="cannot report your own comment"):
        posting.report(mine, reader, "spam")
    assert not Report.objects.exists()
    assert Comment.objects.get(pk=mine.pk).report_count == 0


def test_report_page_and_post_refuse_the_author(alice, mine, moderator, client):
    url = reverse("comments:report", args=[mine.pk])
    page = alice.get(url)
    assert page.status_code == 403 and posting.OWN_REPORT in page.content.decode()
    response = alice.post(url, {"reason": "abuse", "note": "testing"})
    assert response.status_code == 403 and posting.OWN_REPORT in response.content.decode()
    assert not Report.objects.exists()
    client.force_login(moderator)
    queue = client.get(reverse("comments:queue") + "?tab=reported").content.decode()
    assert "My own view." not in queue
