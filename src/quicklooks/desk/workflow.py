"""Moving a story through draft → review → published, now or at a set time, and back.

Every change goes through ``Story.save()`` so the page cache and any other
listener hear about it, and every change keeps a revision.
"""

from __future__ import annotations

from datetime import datetime

from django.db import OperationalError, transaction
from django.utils import timezone

from quicklooks.celery import app, enqueue
from quicklooks.desk import revisions
from quicklooks.desk.models import Schedule
from quicklooks.stories.models import Story


class WorkflowError(ValueError):
    """The move is not allowed now; the message says what to do instead."""


def send_for_review(story: Story, *, user=None) -> None:
    if story.status == Story.Status.PUBLISHED:
        raise WorkflowError("The story is already published. Unpublish it first to send it back for review.")
    with transaction.atomic():
        story.status = Story.Status.REVIEW
        story.save()
        revisions.record(story, user=user, action="sent for review")


NEEDS_ALT = (
    "the lead image has no alt text. Describe what the picture shows for readers who cannot see it "
    "(under Lead image, then Save picture details), or remove the picture, and publish again."
)


def publish_now(story: Story, *, user=None, action: str = "published") -> None:
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story.pk)
        if story.image_needs_alt:
            raise WorkflowError(f"Not published: {NEEDS_ALT}")
        story.status = Story.Status.PUBLISHED
        story.published_at = timezone.now()
        story.save()
        Schedule.objects.filter(story=story, done_at__isnull=True).update(done_at=timezone.now())
        revisions.record(story, user=user, action=action)


def unpublish(story: Story, *, user=None) -> None:
    with transaction.atomic():
        story.status = Story.Status.DRAFT
        story.published_at = None
        story.save()
        revisions.record(story, user=user, action="unpublished")


def schedule(story: Story, when: datetime, *, user=None) -> Schedule:
    """Publish at ``when``: the worker is told to do it then, and a sweep every 15 s catches any it missed."""
    if when <= timezone.now():
        raise WorkflowError("That time has passed. Pick a time in the future, or publish now.")
    if story.status == Story.Status.PUBLISHED:
        raise WorkflowError("The story is already published.")
    if story.image_needs_alt:
        raise WorkflowError(f"Not scheduled: {NEEDS_ALT}")
    with transaction.atomic():
        entry, _ = Schedule.objects.update_or_create(
            story=story, defaults={"publish_at": when, "created_by": user, "done_at": None}
        )
        if story.status == Story.Status.DRAFT:
            story.status = Story.Status.REVIEW
            story.save()
        revisions.record(story, user=user, action=f"scheduled for {timezone.localtime(when):%Y-%m-%d %H:%M}")
    transaction.on_commit(lambda: enqueue(publish_scheduled, story.pk, eta=when))
    return entry


def cancel_schedule(story: Story, *, user=None) -> None:
    with transaction.atomic():
        Schedule.objects.filter(story=story, done_at__isnull=True).delete()
        revisions.record(story, user=user, action="schedule cancelled")


def publish_if_due(story_id: int) -> bool:
    """Publish the story if its schedule has come due and is still pending; True when it did."""
    with transaction.atomic():
        entry = Schedule.objects.select_for_update().filter(story_id=story_id, done_at__isnull=True).first()
        if entry is None or entry.publish_at > timezone.now():
            return False
        publish_now(entry.story, user=entry.created_by, action="published on schedule")
        return True


def publish_due() -> int:
    ids = Schedule.objects.filter(done_at__isnull=True, publish_at__lte=timezone.now()).values_list("story_id", flat=True)
    return sum(1 for story_id in list(ids) if publish_if_due(story_id))


# The worker's tasks for the two above, kept beside them so that ``schedule``
# can queue one without importing ``desk.tasks`` (which imports this module).
# Their names are the ones queued messages and beat's schedule already use.


@app.task(name="quicklooks.desk.tasks.publish_scheduled", acks_late=True, autoretry_for=(OperationalError,), retry_backoff=2, max_retries=8)
def publish_scheduled(story_id: int) -> bool:
    """Sent with an ETA at the scheduled time; harmless if the sweep got there first."""
    return publish_if_due(story_id)


@app.task(name="quicklooks.desk.tasks.publish_due_stories", acks_late=True)
def publish_due_stories() -> int:
    """Beat's sweep every 15 seconds: anything due and not yet published is published now."""
    return publish_due()
