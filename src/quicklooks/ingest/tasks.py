"""Celery tasks for ingest: poll sources, ingest one entry. The same code runs in both modes.

Each task is idempotent (a story already stored by URL or text is a
duplicate, not a second story) and acknowledges late, so a worker killed
mid-task leaves the message to run again. Network and database hiccups are
retried with exponential back-off.
"""

from __future__ import annotations

import logging

from django.db import OperationalError

from quicklooks.celery import app, enqueue
from quicklooks.ingest.extraction import Entry
from quicklooks.ingest.fetching import TransientFetchError

log = logging.getLogger("quicklooks.ingest")

RETRY = dict(
    autoretry_for=(TransientFetchError, OperationalError),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=6,
    acks_late=True,
)


@app.task(name="quicklooks.ingest.tasks.poll_source", **RETRY)
def poll_source_task(source_id: int, inline: bool = False) -> dict:
    """Poll one source; each new feed entry becomes its own task so several workers share a feed."""
    from quicklooks.ingest.ingesting import poll_source
    from quicklooks.ingest.models import Source

    source = Source.objects.filter(pk=source_id, active=True).first()
    if source is None:
        return {"skipped": "no such active source"}

    def fan_out(kind, item):
        if kind == "entry":
            enqueue(ingest_entry_task, source.pk, item.__dict__)
            return None
        return _inline(kind, item, source)

    report = poll_source(source, each=None if inline else fan_out)
    log.info("polled %s: %s%s", source.name, report.summary(), f" (error: {report.fatal})" if report.fatal else "")
    return {"fatal": report.fatal, "added": report.count("added"), "queued": 0 if inline else None}


def _inline(kind, item, source):
    from quicklooks.ingest.ingesting import ingest_file, ingest_page_body

    if kind == "file":
        return ingest_file(item, source=source)
    return ingest_page_body(item, url=source.url, source=source)


@app.task(name="quicklooks.ingest.tasks.ingest_entry", **RETRY)
def ingest_entry_task(source_id: int | None, entry: dict) -> dict:
    from quicklooks.ingest.ingesting import ingest_entry
    from quicklooks.ingest.models import Source

    source = Source.objects.filter(pk=source_id).first() if source_id else None
    outcome = ingest_entry(Entry(**entry), feed_url=source.url if source else "", source=source)
    return {"kind": outcome.kind, "where": outcome.where, "reason": outcome.reason}


@app.task(name="quicklooks.ingest.tasks.poll_due_sources", acks_late=True)
def poll_due_sources() -> int:
    """Beat's job every 30 seconds: queue a poll for each active source whose time has come."""
    from datetime import timedelta

    from django.utils import timezone

    from quicklooks.ingest.ingesting import due_sources

    count = 0
    for source in due_sources():
        # Claim the source for a few minutes so the next beat does not queue it again.
        source.next_poll_at = timezone.now() + timedelta(minutes=5)
        source.save(update_fields=["next_poll_at"])
        enqueue(poll_source_task, source.pk)
        count += 1
    return count
