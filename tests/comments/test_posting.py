"""The rules for posting, editing, deleting, reacting and reporting."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from quicklooks.comments import posting
from quicklooks.comments.models import MAX_DEPTH, MAX_LENGTH, Comment, CommentPolicy, Reaction, Report, WordRule
from quicklooks.comments.moderation import CommentRefused
from quicklooks.comments.signals import comment_visible, public_comments_changed
from tests.comments.conftest import make_reader

pytestmark = pytest.mark.django_db


def post(story, user, text="A thoughtful comment.", **kw):
    comment, _ = posting.post_comment(story=story, user=user, text=text, **kw)
    return comment


def test_verified_reader_posts_visible_comment(story, reader):
    comment = post(story, reader)
    assert comment.status == Comment.Status.VISIBLE and comment.author == reader and comment.depth == 0


def test_unverified_reader_cannot_post(story):
    unverified = make_reader("new@example.org", verified=False)
    with pytest.raises(CommentRefused, match="verify your email"):
        post(story, unverified)
    assert not Comment.objects.exists()


def test_empty_and_too_long_comments_get_clear_messages(story, reader):
    with pytest.raises(CommentRefused, match="empty"):
        post(story, reader, "   \n ")
    with pytest.raises(CommentRefused, match=f"{MAX_LENGTH + 5:,} characters long; the limit is {MAX_LENGTH:,}"):
        post(story, reader, "x" * (MAX_LENGTH + 5))
    assert not Comment.objects.exists()


def test_same_idempotency_key_stores_once(story, reader):
    key = uuid.uuid4()
    first, created = posting.post_comment(story=story, user=reader, text="Once", idempotency_key=key)
    again, created_again = posting.post_comment(story=story, user=reader, text="Once", idempotency_key=key)
    assert created and not created_again and first.pk == again.pk
    assert Comment.objects.count() == 1


def test_replies_nest_to_the_documented_depth(story, reader, other_reader):
    top = post(story, reader)
    reply = post(story, other_reader, parent=top)
    deeper = post(story, reader, parent=reply)
    assert (top.depth, reply.depth, deeper.depth) == (0, 1, 2) and MAX_DEPTH == 2
    deepest = post(story, other_reader, parent=deeper)
    # Past the limit a reply sits beside the comment it answers.
    assert deepest.depth == MAX_DEPTH and deepest.parent_id == reply.pk


def test_edit_within_fifteen_minutes_marks_edited(story, reader):
    comment = post(story, reader)
    posting.edit_comment(comment, reader, "Better words.")
    comment.refresh_from_db()
    assert comment.body == "Better words." and comment.edited_at is not None


def test_edit_after_fifteen_minutes_is_refused(story, reader):
    comment = post(story, reader)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    comment.refresh_from_db()
    with pytest.raises(CommentRefused, match="15 minutes"):
        posting.edit_comment(comment, reader, "Too late.")


def test_only_the_author_edits_or_deletes(story, reader, other_reader):
    comment = post(story, reader)
    with pytest.raises(CommentRefused, match="your own"):
        posting.edit_comment(comment, other_reader, "mine now")
    with pytest.raises(CommentRefused, match="your own"):
        posting.delete_comment(comment, other_reader)


def test_delete_own_leaves_a_placeholder_without_text(story, reader):
    comment = post(story, reader, "Regret this.")
    posting.delete_comment(comment, reader)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.DELETED and comment.body == "" and comment.html == ""


def test_one_reaction_per_reader_per_comment(story, reader, other_reader):
    comment = post(story, reader)
    posting.react(comment, other_reader, "respect")
    posting.react(comment, other_reader, "insightful")  # changes it, does not add
    assert Reaction.objects.filter(comment=comment).count() == 1
    comment.refresh_from_db()
    assert comment.reaction_count == 1
    posting.react(comment, other_reader, "insightful")  # same again takes it back
    comment.refresh_from_db()
    assert comment.reaction_count == 0 and not Reaction.objects.exists()


def test_report_with_reason_once_per_reader(story, reader, other_reader):
    comment = post(story, reader)
    _, created = posting.report(comment, other_reader, "abuse", "rude")
    _, again = posting.report(comment, other_reader, "spam")
    assert created and not again
    comment.refresh_from_db()
    assert comment.report_count == 1 and Report.objects.get().reason == "abuse"
    with pytest.raises(CommentRefused, match="reason"):
        posting.report(comment, other_reader, "because")


def test_closed_story_takes_no_comments(story, reader):
    CommentPolicy.objects.create(story=story, mode="closed")
    with pytest.raises(CommentRefused, match="closed"):
        post(story, reader)


def test_premoderated_story_holds_every_comment(story, reader):
    CommentPolicy.objects.create(story=story, mode="premoderated")
    comment = post(story, reader)
    assert comment.status == Comment.Status.PENDING and "pre-moderated" in comment.held_because


def test_banned_word_rejects_and_suspect_word_holds(story, reader):
    WordRule.objects.create(phrase="scumbag", kind="banned")
    WordRule.objects.create(phrase="crisis actor", kind="suspect")
    with pytest.raises(CommentRefused, match="rephrase"):
        post(story, reader, "What a SCUMBAG.")
    assert not Comment.objects.exists()
    held = post(story, reader, "He is a crisis actor, surely.")
    assert held.status == Comment.Status.PENDING and "crisis actor" in held.held_because
    # Whole words only: "scumbags" is not "scumbag" but "scumbaggery" should not trip either.
    assert post(story, reader, "Scumbaggery aside, fine.").status == Comment.Status.VISIBLE


def test_links_from_new_accounts_are_held(story, reader):
    newcomer = make_reader("newcomer@example.org", days_old=0)
    held = post(story, newcomer, "Look at https://example.org/")
    assert held.status == Comment.Status.PENDING and "new account" in held.held_because
    assert post(story, reader, "Look at https://example.org/").status == Comment.Status.VISIBLE


def test_per_reader_rate_limit(story, reader, settings):
    settings.QUICKLOOKS_COMMENT_RATE = "5/m"
    for n in range(5):
        post(story, reader, f"comment {n}")
    with pytest.raises(CommentRefused, match="faster than this site allows"):
        post(story, reader, "sixth")
    assert Comment.objects.count() == 5


def test_visible_comment_announces_itself_after_commit(story, reader, django_capture_on_commit_callbacks):
    seen = []

    def listener(sender, story_id, comment, **kw):
        seen.append((story_id, comment.pk))

    comment_visible.connect(listener)
    public_comments_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            comment = post(story, reader)
    finally:
        comment_visible.disconnect(listener)
        public_comments_changed.disconnect(listener)
    assert seen == [(story.pk, comment.pk), (story.pk, comment.pk)]


def test_held_comment_does_not_announce(story, reader, django_capture_on_commit_callbacks):
    CommentPolicy.objects.create(story=story, mode="premoderated")
    seen = []
    comment_visible.connect(lambda **kw: seen.append(kw), weak=False, dispatch_uid="t-held")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            post(story, reader)
    finally:
        comment_visible.disconnect(dispatch_uid="t-held")
    assert seen == []
