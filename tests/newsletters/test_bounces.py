"""Refusals from a real SMTP server: 5xx stops mail to that address, 4xx is retried, the others get theirs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from quicklooks.newsletters import editions, sending
from quicklooks.newsletters.models import Delivery, Edition, Subscriber
from quicklooks.stories.models import QuickLook, Show, Story

pytestmark = pytest.mark.django_db


def _edition(show, day_offset=0):
    when = timezone.now() - dt.timedelta(days=day_offset, minutes=1)
    story = Story.objects.create(slug=f"s-{day_offset}", headline=f"Story {day_offset}", status=Story.Status.PUBLISHED, published_at=when, show=show)
    QuickLook.objects.create(story=story, position=0, text="One bullet.")
    return editions.edition_for(show, timezone.localdate(when))


def _readers(show, *emails):
    for address in emails:
        Subscriber.objects.create(email=address, status=Subscriber.Status.CONFIRMED).shows.add(show)


def test_a_permanent_refusal_marks_the_address_bouncing_and_the_others_get_their_mail(mailbox):
    show = Show.objects.create(name="Morning Edition", slug="morning-edition")
    _readers(show, "a@example.org", "gone@example.org", "b@example.org", "full@example.org", "c@example.org")
    mailbox.refuse_rcpt["gone@example.org"] = ["550 5.1.1 <gone@example.org>: no such user"]
    mailbox.refuse_data["full@example.org"] = ["554 5.7.1 message refused"]  # refused after the end of DATA
    edition = _edition(show)

    outcome = sending.send(edition)

    assert sorted(mailbox.recipients()) == ["a@example.org", "b@example.org", "c@example.org"]
    assert (outcome.sent, outcome.bounced, outcome.finished) == (3, 2, True)
    gone = Subscriber.objects.get(email="gone@example.org")
    assert gone.status == Subscriber.Status.BOUNCING and "no such user" in gone.bounce_reason
    assert Subscriber.objects.get(email="full@example.org").status == Subscriber.Status.BOUNCING
    assert Delivery.objects.get(subscriber=gone).status == Delivery.Status.BOUNCED
    assert Edition.objects.get(pk=edition.pk).status == Edition.Status.SENT
    # Bouncing addresses get nothing more.
    following = _edition(show, day_offset=1)
    sending.send(following)
    assert "gone@example.org" not in mailbox.recipients() and "full@example.org" not in mailbox.recipients()
    assert mailbox.recipients().count("a@example.org") == 2


def test_a_temporary_refusal_is_retried_after_a_wait_and_delivered_once(mailbox, settings):
    settings.QUICKLOOKS_NEWSLETTER_RETRY_SECONDS = 60
    show = Show.objects.create(name="Morning Edition", slug="morning-edition")
    _readers(show, "a@example.org", "later@example.org")
    mailbox.refuse_rcpt["later@example.org"] = ["451 4.7.1 greylisted, try again later", "250 OK"]
    edition = _edition(show)

    first = sending.send(edition)
    assert (first.sent, first.deferred, first.finished) == (1, 1, False)
    later = Delivery.objects.get(subscriber__email="later@example.org")
    assert later.status == Delivery.Status.DEFERRED and later.next_attempt_at > timezone.now() + dt.timedelta(seconds=50)
    # Not due yet: running again sends nothing.
    assert sending.send_edition(edition.pk).sent == 0
    Delivery.objects.filter(pk=later.pk).update(next_attempt_at=timezone.now())  # the wait is over
    second = sending.send_edition(edition.pk)
    assert (second.sent, second.finished) == (1, True)
    assert sorted(mailbox.recipients()) == ["a@example.org", "later@example.org"]
    later.refresh_from_db()
    assert later.status == Delivery.Status.SENT and later.attempts == 2
    assert Subscriber.objects.get(email="later@example.org").status == Subscriber.Status.CONFIRMED


def test_repeated_temporary_refusals_give_up_with_doubling_waits(mailbox, settings):
    settings.QUICKLOOKS_NEWSLETTER_RETRY_SECONDS = 10
    settings.QUICKLOOKS_NEWSLETTER_MAX_ATTEMPTS = 3
    show = Show.objects.create(name="Morning Edition", slug="morning-edition")
    _readers(show, "busy@example.org")
    mailbox.refuse_rcpt["busy@example.org"] = ["452 4.2.2 mailbox full"]
    edition = _edition(show)
    sending.send(edition)
    waits = []
    for _ in range(2):
        row = Delivery.objects.get()
        waits.append(round((row.next_attempt_at - timezone.now()).total_seconds()))
        Delivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
        sending.send_edition(edition.pk)
    row = Delivery.objects.get()
    assert row.status == Delivery.Status.FAILED and row.attempts == 3
    assert waits[0] in (9, 10) and waits[1] in (19, 20)
    assert mailbox.count() == 0
    assert Edition.objects.get(pk=edition.pk).status == Edition.Status.SENT
