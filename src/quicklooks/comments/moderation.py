"""The rules a new comment passes through, and the moderators' actions.

Rules, in order: a banned or suspended reader cannot post (nor reply, edit,
react or report: see ``posting.check_can_comment``); a closed story
takes no comments; a banned word rejects the comment outright; a suspect
word, a link from a new account or a pre-moderated story holds it for a
moderator. Every moderator action is written to ``ModerationAction``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from quicklooks.comments.models import Comment, CommentPolicy, ModerationAction, Report, Sanction, WordRule
from quicklooks.comments.rendering import has_links
from quicklooks.comments.signals import comment_visible, public_comments_changed


class CommentRefused(Exception):
    """The comment cannot be taken; ``str(exc)`` is the message for the reader."""


def new_account_days() -> int:
    return int(getattr(settings, "QUICKLOOKS_NEW_ACCOUNT_DAYS", os.environ.get("QUICKLOOKS_NEW_ACCOUNT_DAYS", "3")))


def sanction_in_force(user) -> Sanction | None:
    if not user.is_authenticated:
        return None
    # A ban outranks a suspension; of suspensions the longest counts.
    sanctions = list(Sanction.objects.in_force().filter(user=user))
    for sanction in sanctions:
        if sanction.kind == Sanction.Kind.BAN:
            return sanction
    return max(sanctions, key=lambda s: s.until, default=None)


def moderation_email() -> str:
    return getattr(settings, "QUICKLOOKS_MODERATION_EMAIL", os.environ.get("QUICKLOOKS_MODERATION_EMAIL", "")).strip()


# One list for every refusal, so a sanctioned reader learns once that the
# buttons are gone on purpose rather than meeting each refusal separately.
_WHAT_STOPS = "you cannot post, reply, edit, react to or report comments"


def _appeal() -> str:
    email = moderation_email()
    if email:
        return f"If you think this is a mistake, you can appeal: email the moderators at {email}, say which account this is and why."
    # No address configured: still tell the reader what to do, not only that they cannot.
    return "If you think this is a mistake, you can appeal: contact the site's editors and ask a moderator to review it."


def sanction_message(sanction: Sanction) -> str:
    if sanction.kind == Sanction.Kind.BAN:
        return (
            f"Your account is banned from commenting, so {_WHAT_STOPS}; you can still read them. "
            f"A ban lasts until a moderator lifts it. {_appeal()}"
        )
    until = timezone.localtime(sanction.until)
    return (
        f"Your account is suspended from commenting until {until:%d %B %Y, %H:%M %Z}. "
        f"Until then {_WHAT_STOPS}; you can still read them. {_appeal()}"
    )


def policy_mode_column():
    """The story's comment policy mode as a column of a story query (NULL: no policy row, so open)."""
    from django.db.models import OuterRef, Subquery

    return Subquery(CommentPolicy.objects.filter(story=OuterRef("pk")).values("mode")[:1])


def policy_for(story) -> str:
    # The story page and the reader's fragment fetch the mode with the story
    # (``comment_policy_mode``: policy_mode_column); any other story asks.
    if hasattr(story, "comment_policy_mode"):
        mode = story.comment_policy_mode
    else:
        mode = CommentPolicy.objects.filter(story=story).values_list("mode", flat=True).first()
    return mode or CommentPolicy.Mode.OPEN


def _matching(text: str, kind: str) -> list[str]:
    phrases = WordRule.objects.filter(kind=kind).values_list("phrase", flat=True)
    found = []
    for phrase in phrases:
        if re.search(r"(?<!\w)" + re.escape(phrase.strip()) + r"(?!\w)", text, re.IGNORECASE):
            found.append(phrase)
    return found


@dataclass(frozen=True)
class Verdict:
    status: str
    held_because: str = ""


def assess(text: str, user, story) -> Verdict:
    """Where a new or edited comment goes; raises CommentRefused when it cannot be taken."""
    sanction = sanction_in_force(user)
    if sanction:
        raise CommentRefused(sanction_message(sanction))
    mode = policy_for(story)
    if mode == CommentPolicy.Mode.CLOSED:
        raise CommentRefused("Comments on this story are closed.")
    banned = _matching(text, WordRule.Kind.BANNED)
    if banned:
        raise CommentRefused(
            "Your comment uses language this site does not publish. Please rephrase it and post again."
        )
    reasons = []
    suspect = _matching(text, WordRule.Kind.SUSPECT)
    if suspect:
        reasons.append("suspect words: " + ", ".join(suspect))
    if has_links(text) and user.date_joined > timezone.now() - timedelta(days=new_account_days()):
        reasons.append("link from a new account")
    if mode == CommentPolicy.Mode.PREMODERATED:
        reasons.append("story is pre-moderated")
    if reasons:
        return Verdict(Comment.Status.PENDING, "; ".join(reasons)[:200])
    return Verdict(Comment.Status.VISIBLE)


def announce(comment: Comment | None, story_id: int, *, became_visible: bool = False) -> None:
    """Tell page caches, once the transaction commits, that public comments changed."""

    def send():
        if became_visible:
            comment_visible.send(sender=Comment, story_id=story_id, comment=comment)
        public_comments_changed.send(sender=Comment, story_id=story_id, comment=comment)

    transaction.on_commit(send)


def _log(kind, moderator, *, comment=None, target_user=None, reason=""):
    return ModerationAction.objects.create(
        kind=kind, moderator=moderator, comment=comment, target_user=target_user, reason=reason[:300]
    )


def approve(comment: Comment, moderator, reason: str = "") -> None:
    with transaction.atomic():
        was_visible = comment.status == Comment.Status.VISIBLE
        comment.status = Comment.Status.VISIBLE
        comment.save(update_fields=["status"])
        Report.objects.filter(comment=comment).update(resolved=True)
        _log(ModerationAction.Kind.APPROVE, moderator, comment=comment, target_user=comment.author, reason=reason)
        announce(comment, comment.story_id, became_visible=not was_visible)


def reject(comment: Comment, moderator, reason: str = "") -> None:
    with transaction.atomic():
        comment.status = Comment.Status.REJECTED
        comment.featured = False
        comment.save(update_fields=["status", "featured"])
        Report.objects.filter(comment=comment).update(resolved=True)
        _log(ModerationAction.Kind.REJECT, moderator, comment=comment, target_user=comment.author, reason=reason)
        announce(comment, comment.story_id)


def feature(comment: Comment, moderator, reason: str = "", *, featured: bool = True) -> None:
    with transaction.atomic():
        comment.featured = featured
        if featured:
            comment.status = Comment.Status.VISIBLE
        comment.save(update_fields=["featured", "status"])
        kind = ModerationAction.Kind.FEATURE if featured else ModerationAction.Kind.UNFEATURE
        _log(kind, moderator, comment=comment, target_user=comment.author, reason=reason)
        announce(comment, comment.story_id, became_visible=featured)


def suspend(user, moderator, *, days: float, reason: str, comment: Comment | None = None) -> Sanction:
    if days <= 0:
        raise ValueError("A suspension lasts at least part of a day; give days > 0.")
    with transaction.atomic():
        sanction = Sanction.objects.create(
            user=user, kind=Sanction.Kind.SUSPEND, until=timezone.now() + timedelta(days=days), reason=reason, created_by=moderator
        )
        _log(ModerationAction.Kind.SUSPEND, moderator, comment=comment, target_user=user, reason=f"{days:g} days: {reason}")
    return sanction


def ban(user, moderator, *, reason: str, comment: Comment | None = None) -> Sanction:
    """Ban from commenting; the reader's comments still waiting for review are rejected."""
    with transaction.atomic():
        sanction = Sanction.objects.create(user=user, kind=Sanction.Kind.BAN, reason=reason, created_by=moderator)
        Comment.objects.filter(author=user, status=Comment.Status.PENDING).update(
            status=Comment.Status.REJECTED, held_because="author banned"
        )
        _log(ModerationAction.Kind.BAN, moderator, comment=comment, target_user=user, reason=reason)
    return sanction


def lift(sanction: Sanction, moderator, reason: str = "") -> None:
    with transaction.atomic():
        sanction.revoked_at = timezone.now()
        sanction.save(update_fields=["revoked_at"])
        _log(ModerationAction.Kind.LIFT, moderator, target_user=sanction.user, reason=reason)


def set_policy(story, mode: str, moderator, reason: str = "") -> None:
    with transaction.atomic():
        CommentPolicy.objects.update_or_create(story=story, defaults={"mode": mode})
        _log(ModerationAction.Kind.POLICY, moderator, reason=f"{story.slug} → {mode}. {reason}".strip())
        # Anonymous readers see the policy too ("Comments on this story are closed.").
        announce(None, story.pk)
