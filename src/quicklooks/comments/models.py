"""Comments, reactions, reports, per-story policy, word lists, sanctions and the moderation log."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

# Threads nest to this depth: 0 is a comment on the story, 1 a reply to it,
# 2 a reply to a reply. A reply to a depth-2 comment is attached beside it
# (to its parent), so a thread never narrows past readability on a phone.
MAX_DEPTH = 2
MAX_LENGTH = 3000
EDIT_WINDOW_MINUTES = 15


class CommentPolicy(models.Model):
    class Mode(models.TextChoices):
        OPEN = "open", "Open: comments appear at once (after the site-wide checks)"
        PREMODERATED = "premoderated", "Pre-moderated: every comment waits for a moderator"
        CLOSED = "closed", "Closed: no new comments"

    story = models.OneToOneField("stories.Story", on_delete=models.CASCADE, related_name="comment_policy")
    mode = models.CharField(max_length=12, choices=Mode.choices, default=Mode.OPEN)

    class Meta:
        verbose_name_plural = "comment policies"

    def __str__(self) -> str:
        return f"{self.story}: {self.get_mode_display()}"


class CommentQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(status=Comment.Status.VISIBLE)


class Comment(models.Model):
    class Status(models.TextChoices):
        VISIBLE = "visible", "Visible"
        PENDING = "pending", "Pending review"
        REJECTED = "rejected", "Rejected"
        DELETED = "deleted", "Deleted"

    story = models.ForeignKey("stories.Story", on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    depth = models.PositiveSmallIntegerField(default=0)
    # NULL once the reader deleted their account and chose to keep comments.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments")
    body = models.TextField(max_length=MAX_LENGTH)
    # nh3-sanitised HTML made from ``body`` on every save; the only form a page shows.
    html = models.TextField(editable=False, default="")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VISIBLE, db_index=True)
    # Why a comment waits or was rejected, in words a moderator reads in the queue.
    held_because = models.CharField(max_length=200, blank=True)
    featured = models.BooleanField(default=False)
    reaction_count = models.PositiveIntegerField(default=0)
    report_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    idempotency_key = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["story", "status", "parent", "created_at"]),
            models.Index(fields=["status", "-created_at"]),
        ]
        constraints = [
            # A replayed or double-submitted form stores one comment.
            models.UniqueConstraint(fields=["author", "idempotency_key"], name="comment_once_per_form"),
        ]
        permissions = [("moderate_comment", "Can moderate comments and sanction readers")]

    def __str__(self) -> str:
        return f"#{self.pk} on {self.story_id}: {self.body[:40]}"

    @property
    def author_name(self) -> str:
        if self.author_id is None:
            return "deleted reader"
        from quicklooks.accounts.models import public_name

        return public_name(self.author)

    @property
    def author_is_staff(self) -> bool:
        """Whether the author holds a staff role: their comments carry a Staff badge.

        Comment threads set ``_author_is_staff`` for a whole page in one query
        (threads.mark_staff); a comment shown alone asks here.
        """
        cached = getattr(self, "_author_is_staff", None)
        if cached is None:
            from quicklooks.accounts.roles import is_staff_member

            cached = self.author_id is not None and is_staff_member(self.author)
            self._author_is_staff = cached
        return cached

    def is_editable_by(self, user, now=None) -> bool:
        now = now or timezone.now()
        return (
            user.is_authenticated
            and self.author_id == user.pk
            and self.status in (self.Status.VISIBLE, self.Status.PENDING)
            and (now - self.created_at).total_seconds() <= EDIT_WINDOW_MINUTES * 60
        )

    def get_absolute_url(self) -> str:
        return f"{self.story.get_absolute_url()}#comment-{self.pk}"


class Reaction(models.Model):
    class Kind(models.TextChoices):
        RESPECT = "respect", "Respect"
        INSIGHTFUL = "insightful", "Insightful"
        DISAGREE = "disagree", "Disagree, respectfully"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reactions")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.RESPECT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="one_reaction_per_reader")]


class Report(models.Model):
    class Reason(models.TextChoices):
        ABUSE = "abuse", "Abusive or hateful"
        SPAM = "spam", "Spam or advertising"
        OFF_TOPIC = "off_topic", "Off topic"
        MISINFORMATION = "misinformation", "False or misleading"
        OTHER = "other", "Something else"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="comment_reports")
    reason = models.CharField(max_length=16, choices=Reason.choices)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved = models.BooleanField(default=False, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader")]


class WordRule(models.Model):
    class Kind(models.TextChoices):
        BANNED = "banned", "Banned: the comment is rejected"
        SUSPECT = "suspect", "Suspect: the comment waits for a moderator"

    phrase = models.CharField(max_length=100, help_text="A word or phrase; matched whole-word, ignoring case.")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["phrase", "kind"], name="word_rule_once")]
        ordering = ["kind", "phrase"]

    def __str__(self) -> str:
        return f"{self.phrase} ({self.kind})"


class SanctionQuerySet(models.QuerySet):
    def in_force(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(models.Q(until__isnull=True) | models.Q(until__gt=now))


class Sanction(models.Model):
    class Kind(models.TextChoices):
        SUSPEND = "suspend", "Suspended"
        BAN = "ban", "Banned"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_sanctions")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # NULL for a ban: it lasts until a moderator lifts it.
    until = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = SanctionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]


class ModerationAction(models.Model):
    """The log: every moderation decision, who took it, when and why."""

    class Kind(models.TextChoices):
        APPROVE = "approve", "Approved"
        REJECT = "reject", "Rejected"
        FEATURE = "feature", "Featured"
        UNFEATURE = "unfeature", "Unfeatured"
        SUSPEND = "suspend", "Suspended author"
        BAN = "ban", "Banned author"
        LIFT = "lift", "Lifted sanction"
        POLICY = "policy", "Changed story policy"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="moderation_actions")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="moderation_actions")
    target_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
