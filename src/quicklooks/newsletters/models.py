"""Subscribers, per-show schedules, editions and the delivery of each edition to each subscriber.

A ``Delivery`` row exists for every (edition, subscriber) pair the edition is
for, made when sending starts; the pair is unique, and a row's status is the
whole truth about whether that reader got that edition (``sending.py``).
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from quicklooks.stories.models import Show, Story


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCING = "bouncing", "Bouncing (mail refused)"

    email = models.EmailField(max_length=254, unique=True, help_text="Kept in lower case.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)
    shows = models.ManyToManyField(Show, related_name="subscribers", blank=True)
    digest = models.BooleanField(default=False, help_text="Gets the daily digest of every story.")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)
    bounce_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    @property
    def receives_mail(self) -> bool:
        return self.status == self.Status.CONFIRMED


class Schedule(models.Model):
    """When a show's edition goes out by itself each day (the worker's beat checks every minute)."""

    show = models.OneToOneField(Show, on_delete=models.CASCADE, related_name="newsletter_schedule")
    send_at = models.TimeField(null=True, blank=True, help_text="Local time (TIME_ZONE) to send each day's edition; empty sends only by hand.")

    def __str__(self) -> str:
        return f"{self.show.name} at {self.send_at or 'no set time'}"


class Edition(models.Model):
    """One show's stories for one day (``show`` empty: the digest of every story that day)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Not sent"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    show = models.ForeignKey(Show, null=True, blank=True, on_delete=models.CASCADE, related_name="newsletter_editions")
    date = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT, db_index=True)
    subject = models.CharField(max_length=300, blank=True)
    stories = models.ManyToManyField(Story, through="EditionStory", related_name="newsletter_editions")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Only one process sends an edition at a time: the holder renews the lease
    # with every message it hands over, and a killed holder's lease is taken
    # over when it runs out or when its process is gone (sending.py).
    lease_owner = models.CharField(max_length=200, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "show__name"]
        constraints = [
            models.UniqueConstraint(fields=["show", "date"], name="unique_newsletter_edition_per_show_day"),
            models.UniqueConstraint(fields=["date"], condition=models.Q(show__isnull=True), name="unique_newsletter_digest_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.list_name} for {self.date:%Y-%m-%d}"

    @property
    def list_name(self) -> str:
        return self.show.name if self.show else "Daily digest"

    def get_absolute_url(self) -> str:
        if self.show is None:
            return reverse("newsletters:digest-archive", args=[self.date.isoformat()])
        return reverse("newsletters:archive", args=[self.show.slug, self.date.isoformat()])


class EditionStory(models.Model):
    """The stories an edition carries, fixed when sending starts so every reader gets the same edition."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="entries")
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["edition", "story"], name="unique_newsletter_edition_story")]


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        DEFERRED = "deferred", "Refused for now (4xx), to retry"
        HANDED = "handed", "Handed to the mail server"
        SENT = "sent", "Accepted by the mail server"
        BOUNCED = "bounced", "Refused for good (5xx)"
        FAILED = "failed", "Gave up after retries"
        SKIPPED = "skipped", "Not sent (unsubscribed or bouncing meanwhile)"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    handed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reconciled = models.BooleanField(default=False, help_text="Handed over by a sender that stopped before the server's answer.")
    response = models.CharField(max_length=500, blank=True, help_text="The mail server's last answer.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["edition", "subscriber"], name="unique_newsletter_delivery")]
        indexes = [models.Index(fields=["edition", "status"])]

    def __str__(self) -> str:
        return f"{self.edition} to {self.subscriber_id}: {self.status}"
