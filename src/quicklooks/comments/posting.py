"""What readers do with comments: post, reply, edit, delete, react, report.

Views, the API and the benchmark all go through these functions. Each runs in
one transaction: a comment is stored whole or not at all.
"""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from quicklooks.comments import limits
from quicklooks.comments.models import EDIT_WINDOW_MINUTES, MAX_DEPTH, MAX_LENGTH, Comment, Reaction, Report
from quicklooks.comments.moderation import CommentRefused, announce, assess, sanction_in_force, sanction_message
from quicklooks.comments.rendering import render
from quicklooks.text.characters import clean_invisible


OWN_REPORT = f"You cannot report your own comment. You can edit it for {EDIT_WINDOW_MINUTES} minutes after posting, or delete it."


def _clean_text(text: str) -> str:
    # Controls, bidi overrides and zero-width characters go: a right-to-left
    # override would show "gnp.exe" as "exe.png" (quicklooks.text.characters).
    text = clean_invisible((text or "").replace("\x00", "")).strip()
    if not text:
        raise CommentRefused("Write something before posting: the comment is empty.")
    if len(text) > MAX_LENGTH:
        raise CommentRefused(
            f"Your comment is {len(text):,} characters long; the limit is {MAX_LENGTH:,}. Please shorten it by {len(text) - MAX_LENGTH:,}."
        )
    return text


def check_can_comment(user) -> None:
    """The one gate for every comment action but delete; the panel hides what it refuses.

    Reactions and reports count as taking part: a reaction is a public vote
    and a report costs a moderator's time, so a sanction stops them too.
    """
    if not user.is_authenticated:
        raise CommentRefused("You must register or log in to post a comment.")
    if not user.is_active:
        raise CommentRefused("This account is not active.")
    # Before the email check: verifying an address would not lift a sanction.
    sanction = sanction_in_force(user)
    if sanction:
        raise CommentRefused(sanction_message(sanction))
    from allauth.account.models import EmailAddress

    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        raise CommentRefused("Please verify your email address before commenting: follow the link in the email we sent you.")


def post_comment(*, story, user, text: str, parent: Comment | None = None, idempotency_key=None, ip_address=None) -> tuple[Comment, bool]:
    """Store a comment (or reply) once; returns (comment, created).

    The same ``idempotency_key`` from the same reader returns the comment it
    stored the first time, so a double submit or a replayed POST stores one.
    """
    check_can_comment(user)
    key = uuid.UUID(str(idempotency_key)) if idempotency_key else uuid.uuid4()
    existing = Comment.objects.filter(author=user, idempotency_key=key).first()
    if existing:
        return existing, False
    text = _clean_text(text)
    if parent is not None:
        if parent.story_id != story.pk:
            raise CommentRefused("That reply belongs to a different story.")
        if parent.status not in (Comment.Status.VISIBLE,):
            raise CommentRefused("The comment you are replying to is no longer shown.")
        if parent.depth >= MAX_DEPTH:
            parent = parent.parent  # replies nest only MAX_DEPTH deep; see models.MAX_DEPTH
    verdict = assess(text, user, story)
    allowed, wait = limits.hit(f"comment:user:{user.pk}", limits.comment_rate())
    if not allowed:
        raise CommentRefused(f"You are commenting faster than this site allows. Please wait {wait} seconds and post again.")
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                story=story,
                parent=parent,
                depth=0 if parent is None else parent.depth + 1,
                author=user,
                body=text,
                html=render(text),
                status=verdict.status,
                held_because=verdict.held_because,
                ip_address=ip_address,
                idempotency_key=key,
            )
            if comment.status == Comment.Status.VISIBLE:
                announce(comment, story.pk, became_visible=True)
    except IntegrityError:
        # A concurrent submit with the same key won the race: return its comment.
        existing = Comment.objects.filter(author=user, idempotency_key=key).first()
        if existing is None:
            raise
        return existing, False
    return comment, True


def edit_comment(comment: Comment, user, text: str) -> Comment:
    check_can_comment(user)
    if comment.author_id != user.pk:
        raise CommentRefused("You can only edit your own comments.")
    if not comment.is_editable_by(user):
        raise CommentRefused(f"Comments can be edited for {EDIT_WINDOW_MINUTES} minutes after posting; this one can no longer be changed.")
    text = _clean_text(text)
    verdict = assess(text, user, comment.story)
    with transaction.atomic():
        comment.body = text
        comment.html = render(text)
        comment.edited_at = timezone.now()
        # An edit may not un-hold a held comment, but may hold a visible one.
        if comment.status == Comment.Status.VISIBLE and verdict.status == Comment.Status.PENDING:
            comment.status = Comment.Status.PENDING
            comment.held_because = verdict.held_because
        comment.save(update_fields=["body", "html", "edited_at", "status", "held_because"])
        announce(comment, comment.story_id)
    return comment


def delete_comment(comment: Comment, user) -> None:
    # No sanction check: taking one's own words down harms no one, and a
    # sanctioned reader could remove them all by deleting the account anyway.
    if comment.author_id != user.pk:
        raise CommentRefused("You can only delete your own comments.")
    with transaction.atomic():
        _tombstone(Comment.objects.filter(pk=comment.pk))
        announce(comment, comment.story_id)


def _tombstone(queryset) -> None:
    # Replies from other readers stay; the deleted comment keeps its place
    # in the thread as "deleted" with its text gone.
    queryset.update(status=Comment.Status.DELETED, body="", html="", featured=False)


def react(comment: Comment, user, kind: str) -> Reaction | None:
    """One reaction per reader per comment: the same kind again takes it back.

    Not on one's own comment, and not while suspended or banned: a reaction
    is a public vote, and both would let a reader inflate "Most reacted".
    """
    check_can_comment(user)
    if comment.author_id == user.pk:
        raise CommentRefused("You cannot react to your own comment.")
    if comment.status != Comment.Status.VISIBLE:
        raise CommentRefused("That comment is no longer shown.")
    if kind not in Reaction.Kind.values:
        raise CommentRefused(f"Unknown reaction {kind!r}; choose one of: {', '.join(Reaction.Kind.values)}.")
    with transaction.atomic():
        existing = Reaction.objects.select_for_update().filter(comment=comment, user=user).first()
        if existing and existing.kind == kind:
            existing.delete()
            Comment.objects.filter(pk=comment.pk).update(reaction_count=F("reaction_count") - 1)
            result = None
        elif existing:
            existing.kind = kind
            existing.save(update_fields=["kind"])
            result = existing
        else:
            result = Reaction.objects.create(comment=comment, user=user, kind=kind)
            Comment.objects.filter(pk=comment.pk).update(reaction_count=F("reaction_count") + 1)
        announce(comment, comment.story_id)
    return result


def report(comment: Comment, user, reason: str, note: str = "") -> tuple[Report, bool]:
    check_can_comment(user)
    if comment.author_id == user.pk:
        raise CommentRefused(OWN_REPORT)
    if reason not in Report.Reason.values:
        raise CommentRefused("Choose a reason for the report.")
    with transaction.atomic():
        obj, created = Report.objects.get_or_create(
            comment=comment, reporter=user, defaults={"reason": reason, "note": note.strip()[:300]}
        )
        if created:
            Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
    return obj, created


def release_comments_of(user, *, remove: bool) -> int:
    """A reader is leaving: keep their comments as "deleted reader", or remove them."""
    queryset = Comment.objects.filter(author=user)
    story_ids = set(queryset.values_list("story_id", flat=True))
    if remove:
        _tombstone(queryset)
    count = queryset.update(author=None, ip_address=None)
    for story_id in story_ids:
        announce(None, story_id)
    return count
