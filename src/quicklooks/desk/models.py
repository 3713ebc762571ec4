"""What the desk keeps beside a story: revisions, who is editing, corrections, scheduled publishing."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from quicklooks.stories.models import Story


class Revision(models.Model):
    """The whole story as it stood after one save, so any save can be shown as a diff and restored."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=120, help_text="saved, sent for review, approved, published, restored …")
    changed = models.JSONField(default=list, blank=True, help_text="Names of the parts that changed.")
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["story", "number"], name="unique_revision_number")]

    def __str__(self) -> str:
        return f"{self.story} r{self.number}"


class EditSession(models.Model):
    """Who has a story open in the editor, so a second editor is warned."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="edit_sessions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["story", "user"], name="unique_edit_session")]


class Correction(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="corrections")
    note = models.TextField(help_text="What was wrong and what is right now, as readers will see it.")
    created_at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at"]


class Schedule(models.Model):
    """Publish ``story`` at ``publish_at``; the worker does it on time and marks it done."""

    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="schedule")
    publish_at = models.DateTimeField(db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)

    @property
    def pending(self) -> bool:
        return self.done_at is None
