"""Saved sources, where each ingested story came from, and the copies we linked instead of publishing twice."""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils import timezone

from quicklooks.stories.models import Section, Story

# Failures double the wait before the next poll, up to this many intervals.
MAX_BACKOFF_FACTOR = 32


class Source(models.Model):
    class Kind(models.TextChoices):
        FEED = "feed", "RSS or Atom feed"
        PAGE = "page", "Web page"
        FOLDER = "folder", "Watched folder"

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FEED)
    url = models.CharField(
        max_length=1000, help_text="An http(s) URL for feeds and pages; a folder path on this machine for folders."
    )
    poll_interval = models.PositiveIntegerField(default=30, help_text="Minutes between polls.")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    auto_publish = models.BooleanField(
        default=False,
        help_text="Publish new stories at once, even with Quick Looks the engine wrote, instead of sending them to the inbox for review.",
    )
    auto_publish_set_by = models.CharField(
        max_length=254, blank=True, help_text="Who last turned publishing automatically on (kept with each story it publishes)."
    )
    active = models.BooleanField(default=True, help_text="Only active sources are polled.")
    allow_private = models.BooleanField(
        default=False,
        help_text="Let this source reach private, loopback or link-local addresses (an intranet feed). Admins only.",
    )

    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_added = models.PositiveIntegerField(default=0, help_text="Stories the last poll added.")
    last_error = models.TextField(blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    next_poll_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Conditional GET for the feed or page itself.
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def schedule_next(self, *, failed: bool) -> None:
        """Set the next poll: the interval after success, doubling after each failure in a row."""
        self.consecutive_failures = self.consecutive_failures + 1 if failed else 0
        factor = min(2 ** self.consecutive_failures, MAX_BACKOFF_FACTOR) if failed else 1
        self.next_poll_at = timezone.now() + timedelta(minutes=self.poll_interval * factor)


class Provenance(models.Model):
    """Where and when a story came in, and what its text hashed to."""

    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="provenance")
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="provenances")
    url = models.CharField(max_length=1000, db_index=True, blank=True)
    fetched_at = models.DateTimeField(default=timezone.now)
    content_hash = models.CharField(max_length=64, db_index=True)
    text_hash = models.CharField(max_length=64, db_index=True, help_text="SHA-256 of the normalised Deep Look text.")
    method = models.CharField(max_length=20, help_text="page, feed-page, feed-entry, file")
    minhash = models.JSONField(default=list, blank=True)

    class Meta:
        # Two workers ingesting one URL at once: the second one's transaction fails and is retried as a duplicate.
        constraints = [models.UniqueConstraint(fields=["url"], condition=~models.Q(url=""), name="unique_provenance_url")]

    def __str__(self) -> str:
        return self.url or self.story.source


class MinHashBand(models.Model):
    """One LSH band of a story's MinHash: stories sharing a band are near-duplicate candidates."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="+")
    band = models.PositiveSmallIntegerField()
    digest = models.CharField(max_length=16)

    class Meta:
        indexes = [models.Index(fields=["band", "digest"])]


class DuplicateLink(models.Model):
    """A copy that arrived again and was linked to the story we already have, not published twice."""

    class Kind(models.TextChoices):
        URL = "url", "Same URL"
        TEXT = "text", "Same text"
        NEAR = "near", "Near-identical text"

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="duplicate_links")
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates")
    url = models.CharField(max_length=1000, blank=True)
    headline = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=5, choices=Kind.choices)
    similarity = models.FloatField(default=1.0)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-seen_at"]
        constraints = [models.UniqueConstraint(fields=["story", "url"], name="unique_duplicate_url")]


class Failure(models.Model):
    """Something a poll or an ingest could not read, kept on the source with its reason."""

    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.CASCADE, related_name="failures")
    url = models.CharField(max_length=1000, blank=True)
    reason = models.TextField()
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]
