"""Newsletter jobs for the worker: send an edition, and beat's minute sweep (schedules, resumes)."""

from __future__ import annotations

import logging

from django.db import OperationalError
from django.utils import timezone

from quicklooks.celery import app, enqueue

log = logging.getLogger(__name__)


def queue_send(edition_id: int, countdown: float = 0):
    return enqueue(send_edition, edition_id, countdown=countdown)


@app.task(name="quicklooks.newsletters.tasks.send_edition", bind=True, acks_late=True, max_retries=None)
def send_edition(self, edition_id: int) -> str:
    """Send an edition's open deliveries; safe to run twice (the lease lets one through)."""
    from quicklooks.newsletters import sending, transport

    try:
        outcome = sending.send_edition(edition_id)
    except sending.LeaseHeld as held:
        wait = max(1.0, (held.until - timezone.now()).total_seconds())
        log.info("edition %s: %s; looking again in %.0fs", edition_id, held, wait)
        raise self.retry(countdown=wait) from None
    except (sending.MailServerUnavailable, transport.SenderRefused, OperationalError) as error:
        wait = min(3600, 30 * 2 ** min(self.request.retries, 7))
        log.warning("edition %s: %s; trying again in %ss", edition_id, error, wait)
        raise self.retry(countdown=wait) from None
    if not outcome.finished and outcome.next_attempt_at:
        queue_send(edition_id, countdown=max(1.0, (outcome.next_attempt_at - timezone.now()).total_seconds()))
    return outcome.summary()


@app.task(name="quicklooks.newsletters.tasks.send_due_editions", acks_late=True)
def send_due_editions() -> int:
    """Beat's sweep every minute: start today's scheduled editions, pick up unfinished ones."""
    from quicklooks.newsletters import scheduling

    started = scheduling.start_due(timezone.localtime())
    resumed = scheduling.unfinished()
    for edition_id in dict.fromkeys([*started, *resumed]):
        queue_send(edition_id)
    return len(started)


