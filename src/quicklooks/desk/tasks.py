"""Desk jobs for the worker: publish on schedule, regenerate Quick Looks.

The publishing tasks are defined beside the workflow functions they wrap
(``desk.workflow``), which queues them itself; they are imported here so the
worker, which looks for ``tasks`` modules, registers them. Only this module
imports the workflow, never the other way round.
"""

from __future__ import annotations

from django.db import OperationalError

from quicklooks.celery import app
from quicklooks.desk.workflow import publish_due_stories, publish_scheduled

__all__ = ["publish_due_stories", "publish_scheduled", "regenerate_quick_looks"]


@app.task(name="quicklooks.desk.tasks.regenerate_quick_looks", acks_late=True, autoretry_for=(OperationalError,), retry_backoff=2, max_retries=5)
def regenerate_quick_looks(story_id: int, user_id: int | None = None) -> int:
    """Replace a story's Quick Looks with freshly generated ones and keep a revision."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from quicklooks.desk import revisions
    from quicklooks.stories.models import Story
    from quicklooks.stories.quick_looks import regenerate_quick_looks as regenerate

    story = Story.objects.filter(pk=story_id).first()
    if story is None:
        return 0
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    with transaction.atomic():
        written = regenerate(story)
        if written:
            revisions.record(story, user=user, action="Quick Looks regenerated")
            if story.status == Story.Status.PUBLISHED:
                # The review gate: machine-written bullets do not stay live unread. The story waits for an editor's approval.
                story.status = Story.Status.REVIEW
                story.save(update_fields=["status", "updated_at"])
                revisions.record(story, user=user, action="taken off the site for review: the engine rewrote its Quick Looks")
    return written
