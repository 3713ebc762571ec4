"""Which editions go out by themselves: a show's daily time, the digest's, and sends to resume."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from quicklooks.newsletters import editions
from quicklooks.newsletters.models import Delivery, Edition, Schedule

log = logging.getLogger(__name__)


def digest_time() -> dt.time | None:
    text = settings.QUICKLOOKS_NEWSLETTER_DIGEST_AT
    if not text:
        return None
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        log.error("QUICKLOOKS_NEWSLETTER_DIGEST_AT=%r is not a time like 07:30; the digest is not scheduled", text)
        return None


def start_due(now: dt.datetime) -> list[int]:
    """Start every list whose time today has come and whose edition has not started; return their ids.

    A list with no published story yet is looked at again at the next sweep,
    so a late first story still goes out that day.
    """
    today, clock = now.date(), now.time()
    due = [(schedule.show, schedule.send_at) for schedule in Schedule.objects.select_related("show").exclude(send_at=None)]
    if digest_time() is not None:
        due.append((None, digest_time()))
    started = []
    for show, send_at in due:
        if clock < send_at:
            continue
        if Edition.objects.filter(show=show, date=today).exclude(status=Edition.Status.DRAFT).exists():
            continue
        if not editions.stories_for(show, today).exists():
            continue
        edition = editions.edition_for(show, today)
        try:
            editions.start(edition)
        except editions.NothingToSend:
            continue
        log.info("scheduled edition %s started", edition)
        started.append(edition.pk)
    return started


def unfinished() -> list[int]:
    """Editions still sending with something due and no live lease: a sender stopped, or retries came due."""
    now = timezone.now()
    due = Delivery.objects.filter(status__in=(Delivery.Status.PENDING, Delivery.Status.DEFERRED, Delivery.Status.HANDED)).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    return list(
        Edition.objects.filter(status=Edition.Status.SENDING, deliveries__in=due)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lte=now))
        .values_list("pk", flat=True)
        .distinct()
    )
