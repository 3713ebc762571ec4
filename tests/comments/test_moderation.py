"""Moderators: the queue, approve/reject/feature, suspend/ban, and the log."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from quicklooks.comments import moderation, posting
from quicklooks.comments.models import Comment, CommentPolicy, ModerationAction, Sanction
from quicklooks.comments.moderation import CommentRefused

pytestmark = pytest.mark.django_db


def post(story, user, text="Comment text.", **kw):
    return posting.post_comment(story=story, user=user, text=text, **kw)[0]


def test_queue_is_for_moderators_only(client, reader, moderator):
    url = reverse("comments:queue")
    assert client.get(url).status_code == 302  # anonymous: to login
    client.force_login(reader)
    assert client.get(url).status_code == 403
    client.force_login(moderator)
    assert client.get(url).status_code == 200


def test_editor_moderates_too(client, db):
    from tests.comments.conftest import make_reader

    client.force_login(make_reader("ed@example.org", roles=("editor",)))
    assert client.get(reverse("comments:queue")).status_code == 200


def test_queue_tabs_show_pending_reported_recent(client, story, reader, other_reader, moderator):
    CommentPolicy.objects.create(story=story, mode="premoderated")
    held = post(story, reader, "Held for review.")
    CommentPolicy.objects.filter(story=story).update(mode="open")
    shown = post(story, other_reader, "Shown, then reported.")
    posting.report(shown, reader, "spam", "selling things")
    client.force_login(moderator)
    pending = client.get(reverse("comments:queue")).content.decode()
    assert "Held for review." in pending and "Shown, then reported." not in pending
    reported = client.get(reverse("comments:queue") + "?tab=reported").content.decode()
    assert "Shown, then reported." in reported and "selling things" in reported
    recent = client.get(reverse("comments:queue") + "?tab=recent").content.decode()
    assert "Held for review." in recent and "Shown, then reported." in recent
    assert held.status == "pending"


def act(client, comment, action, reason="", days=None):
    data = {"action": action, "reason": reason}
    if days is not None:
        data["days"] = days
    return client.post(reverse("comments:act", args=[comment.pk]), data)


def test_approve_makes_held_comment_public_and_logs(client, story, reader, moderator):
    CommentPolicy.objects.create(story=story, mode="premoderated")
    held = post(story, reader, "Please approve me.")
    assert "Please approve me." not in client.get(story.get_absolute_url()).content.decode()
    client.force_login(moderator)
    assert act(client, held, "approve", "fine").status_code == 302
    held.refresh_from_db()
    assert held.status == "visible"
    client.logout()
    assert "Please approve me." in client.get(story.get_absolute_url()).content.decode()
    log = ModerationAction.objects.get()
    assert (log.kind, log.moderator, log.comment, log.target_user, log.reason) == ("approve", moderator, held, reader, "fine")


def test_reject_needs_a_reason(client, story, reader, moderator):
    comment = post(story, reader)
    client.force_login(moderator)
    act(client, comment, "reject")
    comment.refresh_from_db()
    assert comment.status == "visible" and not ModerationAction.objects.exists()
    act(client, comment, "reject", "personal attack")
    comment.refresh_from_db()
    assert comment.status == "rejected"
    assert "Comment text." not in client.get(story.get_absolute_url()).content.decode()


def test_featured_comments_show_first(client, story, reader, other_reader, moderator):
    post(story, reader, "First in time.")
    later = post(story, other_reader, "Featured one.")
    client.force_login(moderator)
    act(client, later, "feature", "good point")
    html = client.get(story.get_absolute_url()).content.decode()
    assert html.index("Featured one.") < html.index("First in time.")
    assert "comment-featured" in html


def test_suspended_reader_sees_until_when_and_cannot_post(client, story, reader, moderator):
    comment = post(story, reader)
    client.force_login(moderator)
    act(client, comment, "suspend", "heated", days=2)
    sanction = Sanction.objects.get(user=reader)
    assert sanction.kind == "suspend" and sanction.until is not None
    with pytest.raises(CommentRefused, match="suspended from commenting until"):
        post(story, reader, "again")
    client.force_login(reader)
    html = client.get(story.get_absolute_url()).content.decode()
    assert "suspended from commenting until" in html and "<textarea" not in html
    assert f"{sanction.until:%Y}" in html


def test_banned_reader_cannot_post_and_pending_are_rejected(client, story, reader, moderator):
    shown = post(story, reader)
    CommentPolicy.objects.create(story=story, mode="premoderated")
    waiting = post(story, reader, "waiting")
    client.force_login(moderator)
    act(client, shown, "ban", "repeated abuse")
    waiting.refresh_from_db()
    assert waiting.status == "rejected"
    with pytest.raises(CommentRefused, match="banned"):
        post(story, reader, "let me back")
    client.force_login(reader)
    response = client.post(reverse("comments:post", args=[story.slug]), {"text": "sneaky", "idempotency_key": "7d8c0f39-4a85-4f3e-9d1f-5f1d7d36c1a0"})
    assert response.status_code == 400 and b"banned" in response.content
    assert not Comment.objects.filter(body="sneaky").exists()
    log = ModerationAction.objects.get(kind="ban")
    assert log.target_user == reader and log.reason == "repeated abuse"


def test_lifting_a_sanction_lets_the_reader_post(story, reader, moderator):
    sanction = moderation.ban(reader, moderator, reason="mistake?")
    moderation.lift(sanction, moderator, "appeal accepted")
    assert post(story, reader).status == "visible"
    assert ModerationAction.objects.filter(kind="lift", reason="appeal accepted").exists()


def test_moderator_sets_story_policy_from_the_story_page(client, story, reader, moderator):
    client.force_login(moderator)
    html = client.get(story.get_absolute_url()).content.decode()
    assert 'name="mode"' in html
    client.post(reverse("comments:policy", args=[story.slug]), {"mode": "closed"})
    assert CommentPolicy.objects.get(story=story).mode == "closed"
    client.force_login(reader)
    assert client.post(reverse("comments:policy", args=[story.slug]), {"mode": "open"}).status_code == 403
    assert "Comments on this story are closed." in client.get(story.get_absolute_url()).content.decode()


def test_action_log_page_lists_who_when_why(client, story, reader, moderator):
    comment = post(story, reader)
    moderation.reject(comment, moderator, "off topic")
    client.force_login(moderator)
    html = client.get(reverse("comments:log")).content.decode()
    assert re.search(r"Mo</td><td>Rejected</td>.*off topic", html, re.S)


def test_word_lists_are_editable_in_admin(client, db):
    from django.contrib.auth.models import User

    admin = User.objects.create_superuser("root", "root@example.org", "pw-for-admin-only")
    client.force_login(admin)
    response = client.post(reverse("admin:comments_wordrule_add"), {"phrase": "grifter", "kind": "suspect", "created_at_0": "2026-01-01", "created_at_1": "00:00:00"})
    assert response.status_code == 302
    from quicklooks.comments.models import WordRule

    assert WordRule.objects.filter(phrase="grifter", kind="suspect").exists()
