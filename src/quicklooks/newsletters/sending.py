"""Sending an edition: each (edition, reader) at most once, resumable after a kill.

The protocol, per delivery row:

``pending``/``deferred`` -> ``handed`` (committed just before the message's
end reaches the mail server, ``transport.py``) -> ``sent`` (the server said
250), or ``bounced`` (5xx: the address stops getting mail), or ``deferred``
(4xx: tried again after a doubling wait), or ``failed`` (too many 4xx).

A row moves to ``handed`` only by a conditional update (from pending or
deferred), committed before the message's end is written, so of any two
senders only one can ever hand a given message over. One process works an
edition at a time: it holds the edition's lease, renewing it as it goes. A
new sender takes the lease when the old one's has run out or its process is
gone, and first counts every ``handed`` row as sent (the old sender got
that message's end out; only the server's answer went unread). Rows still
``pending`` were never handed over. So a killed sender's successor sends
each remaining reader exactly one message.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Min, Q
from django.utils import timezone

from quicklooks.newsletters import editions
from quicklooks.newsletters.composing import Composer
from quicklooks.newsletters.models import Delivery, Edition, Subscriber
from quicklooks.newsletters.transport import ConnectionLost, Session

log = logging.getLogger(__name__)
OPEN = (Delivery.Status.PENDING, Delivery.Status.DEFERRED)
CONNECTION_TRIES = 3


class LeaseHeld(Exception):
    """Another live process is sending this edition."""

    def __init__(self, owner: str, until: datetime):
        super().__init__(f"another sender ({owner}) is sending this edition; it holds it until {until:%H:%M:%S %Z} unless it stops")
        self.owner, self.until = owner, until


class LeaseLost(Exception):
    """Our lease ran out and another sender took the edition over."""


class MailServerUnavailable(Exception):
    """The mail server could not be reached or kept dropping the connection."""


@dataclass
class Outcome:
    sent: int = 0
    bounced: int = 0
    deferred: int = 0
    failed: int = 0
    skipped: int = 0
    reconciled: int = 0
    finished: bool = False
    next_attempt_at: datetime | None = None
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.sent} sent"]
        for name in ("bounced", "deferred", "failed", "skipped", "reconciled"):
            if getattr(self, name):
                parts.append(f"{getattr(self, name)} {name}")
        return ", ".join(parts)


def new_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _holder_gone(owner: str) -> bool:
    """True when ``owner`` was a process on this machine that no longer runs."""
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _lease_length() -> timedelta:
    return timedelta(seconds=settings.QUICKLOOKS_NEWSLETTER_LEASE_SECONDS)


def take_lease(edition_id: int, owner: str) -> int:
    """Hold the edition for ``owner``; return how many handed rows of a stopped sender were counted as sent."""
    now = timezone.now()
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition_id)
        held = edition.lease_owner and edition.lease_owner != owner and edition.lease_until and edition.lease_until > now
        if held and not _holder_gone(edition.lease_owner):
            raise LeaseHeld(edition.lease_owner, edition.lease_until)
        edition.lease_owner, edition.lease_until = owner, now + _lease_length()
        edition.save(update_fields=["lease_owner", "lease_until"])
        reconciled = Delivery.objects.filter(edition=edition, status=Delivery.Status.HANDED).update(
            status=Delivery.Status.SENT, sent_at=F("handed_at"), reconciled=True,
            response="handed over by a sender that stopped before the server answered",
        )
    if reconciled:
        log.warning("edition %s: %s deliveries handed over before a restart counted as sent", edition_id, reconciled)
    return reconciled


def release_lease(edition_id: int, owner: str) -> None:
    Edition.objects.filter(pk=edition_id, lease_owner=owner).update(lease_owner="", lease_until=None)


class _Accepted:
    """Rows the server accepted, written as sent with the next hand-over's commit (one commit a message).

    A sender killed before writing them leaves them handed, which a restart
    counts as sent: the same end.
    """

    def __init__(self):
        self.rows: list[tuple[int, datetime, str]] = []

    def add(self, pk: int, text: str) -> None:
        self.rows.append((pk, timezone.now(), text))

    def write(self) -> None:
        for pk, at, text in self.rows:
            Delivery.objects.filter(pk=pk, status=Delivery.Status.HANDED).update(status=Delivery.Status.SENT, sent_at=at, response=text)
        self.rows.clear()

    def flush(self) -> None:
        if self.rows:
            with transaction.atomic():
                self.write()


class _Lease:
    """Our hold on the edition, renewed as we go (every quarter of its length, not every message)."""

    def __init__(self, edition_id: int, owner: str):
        self.edition_id, self.owner = edition_id, owner
        self.renewed_at = time.monotonic()

    def renew_if_due(self) -> None:
        if time.monotonic() - self.renewed_at < settings.QUICKLOOKS_NEWSLETTER_LEASE_SECONDS / 4:
            return
        renewed = Edition.objects.filter(pk=self.edition_id, lease_owner=self.owner).update(lease_until=timezone.now() + _lease_length())
        if not renewed:
            raise LeaseLost(f"edition {self.edition_id} was taken over by another sender")
        self.renewed_at = time.monotonic()


def _hand_over(delivery: Delivery, lease: _Lease, accepted: _Accepted) -> None:
    """Record the send before the message's end goes out; raise (so it never goes out) if someone else has it.

    The conditional update is what makes a pair at most once: of two senders
    racing for one row, only one can move it from pending to handed, and the
    other stops before its final dot.
    """
    with transaction.atomic():
        lease.renew_if_due()
        accepted.write()
        marked = Delivery.objects.filter(pk=delivery.pk, status__in=OPEN).update(
            status=Delivery.Status.HANDED, handed_at=timezone.now(), attempts=F("attempts") + 1
        )
        if not marked:
            raise LeaseLost(f"delivery {delivery.pk} was handled by another sender")


def _retry_wait(attempts: int) -> timedelta:
    return timedelta(seconds=settings.QUICKLOOKS_NEWSLETTER_RETRY_SECONDS * 2 ** max(0, attempts - 1))


def _still_wanted(edition: Edition, batch: list[Delivery]) -> set[int]:
    """Subscriber ids in ``batch`` that still want this list now (one query a batch)."""
    subscribers = Subscriber.objects.filter(pk__in=[delivery.subscriber_id for delivery in batch], status=Subscriber.Status.CONFIRMED)
    subscribers = subscribers.filter(digest=True) if edition.show_id is None else subscribers.filter(shows=edition.show_id)
    return set(subscribers.values_list("pk", flat=True))


def _record(delivery: Delivery, answer, outcome: Outcome, accepted: _Accepted) -> None:
    now = timezone.now()
    text = f"{answer.code} {answer.text}"[:500]
    rows = Delivery.objects.filter(pk=delivery.pk)
    if answer.accepted:
        accepted.add(delivery.pk, text)
        outcome.sent += 1
    elif answer.permanent:
        with transaction.atomic():
            rows.update(status=Delivery.Status.BOUNCED, response=text, attempts=F("attempts") + (0 if answer.handed else 1))
            Subscriber.objects.filter(pk=delivery.subscriber_id).exclude(status=Subscriber.Status.UNSUBSCRIBED).update(
                status=Subscriber.Status.BOUNCING, bounced_at=now, bounce_reason=text
            )
        log.warning("newsletter to subscriber %s bounced: %s", delivery.subscriber_id, text)
        outcome.bounced += 1
    else:
        attempts = delivery.attempts + 1
        if attempts >= settings.QUICKLOOKS_NEWSLETTER_MAX_ATTEMPTS:
            rows.update(status=Delivery.Status.FAILED, response=text, attempts=attempts)
            outcome.failed += 1
        else:
            rows.update(status=Delivery.Status.DEFERRED, response=text, attempts=attempts, next_attempt_at=now + _retry_wait(attempts))
            outcome.deferred += 1


def _due(edition: Edition, limit: int) -> list[Delivery]:
    now = timezone.now()
    return list(
        Delivery.objects.filter(edition=edition, status__in=OPEN)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .select_related("subscriber")
        .order_by("pk")[:limit]
    )


class _Pace:
    """At most ``rate`` messages a second (0: no limit)."""

    def __init__(self, rate: float):
        self.interval = 1.0 / rate if rate and rate > 0 else 0.0
        self.next_at = time.monotonic()

    def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        if self.next_at > now:
            time.sleep(self.next_at - now)
        self.next_at = max(self.next_at, now) + self.interval


def send_edition(edition_id: int, *, progress=None, owner: str | None = None) -> Outcome:
    """Send every open delivery of a started edition, in batches; safe to run again at any point.

    ``progress(n)`` is called as deliveries are dealt with. Raises LeaseHeld
    when another live sender has the edition, MailServerUnavailable when the
    server cannot be reached (nothing is lost: run again later).
    """
    owner = owner or new_owner()
    outcome = Outcome()
    edition = Edition.objects.select_related("show").get(pk=edition_id)
    if edition.status == Edition.Status.SENT:
        outcome.finished = True
        return outcome
    if edition.status == Edition.Status.DRAFT:
        raise ValueError(f"{edition} has not been started; call editions.start() first")
    outcome.reconciled = take_lease(edition_id, owner)
    try:
        composer = Composer(edition, editions.render(edition))
        lease = _Lease(edition_id, owner)
        pace = _Pace(settings.QUICKLOOKS_NEWSLETTER_RATE)
        failures = 0
        while True:
            batch = _due(edition, max(1, settings.QUICKLOOKS_NEWSLETTER_BATCH))
            if not batch:
                break
            try:
                _send_batch(edition, composer, batch, lease, pace, outcome, progress)
                failures = 0
            except ConnectionLost as error:
                failures += 1
                outcome.problems.append(str(error))
                log.warning("edition %s: %s (try %s of %s)", edition_id, error, failures, CONNECTION_TRIES)
                if failures >= CONNECTION_TRIES:
                    raise MailServerUnavailable(str(error)) from error
                time.sleep(min(5.0, 0.5 * 2**failures))
        outcome.finished = _finish_if_done(edition)
        if not outcome.finished:
            outcome.next_attempt_at = Delivery.objects.filter(edition=edition, status__in=OPEN).aggregate(at=Min("next_attempt_at"))["at"]
    finally:
        release_lease(edition_id, owner)
    return outcome


def _send_batch(edition, composer, batch, lease, pace, outcome, progress) -> None:
    wanted = _still_wanted(edition, batch)
    accepted = _Accepted()
    try:
        with Session() as session:
            for delivery in batch:
                if delivery.subscriber_id not in wanted:
                    Delivery.objects.filter(pk=delivery.pk, status__in=OPEN).update(status=Delivery.Status.SKIPPED)
                    outcome.skipped += 1
                    if progress:
                        progress(1)
                    continue
                pace.wait()
                letter = composer.letter(delivery.subscriber)
                try:
                    answer = session.deliver(letter, lambda: _hand_over(delivery, lease, accepted))
                except ConnectionLost as error:
                    if error.handed:
                        # The message's end went out and only the answer was lost:
                        # counted as sent, as a restarted sender would count it.
                        Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.HANDED).update(
                            status=Delivery.Status.SENT, sent_at=F("handed_at"), reconciled=True, response=str(error)[:500]
                        )
                        outcome.reconciled += 1
                    raise
                _record(delivery, answer, outcome, accepted)
                if progress:
                    progress(1)
    finally:
        accepted.flush()


def _finish_if_done(edition: Edition) -> bool:
    with transaction.atomic():
        open_rows = Delivery.objects.filter(edition=edition, status__in=(*OPEN, Delivery.Status.HANDED)).exists()
        if open_rows:
            return False
        Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.SENT, sent_at=timezone.now())
    log.info("edition %s sent", edition.pk)
    return True


def send(edition: Edition, *, progress=None) -> Outcome:
    """Start ``edition`` if it is not yet, and send it."""
    if edition.status == Edition.Status.DRAFT:
        editions.start(edition)
    return send_edition(edition.pk, progress=progress)
