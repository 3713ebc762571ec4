"""Signing up (double opt-in), confirming, changing and ending subscriptions."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from quicklooks.newsletters import tokens
from quicklooks.newsletters.links import absolute_reverse
from quicklooks.newsletters.models import Subscriber
from quicklooks.stories.models import Show

log = logging.getLogger(__name__)


def normalise(email: str) -> str:
    return email.strip().lower()


def list_names(shows, digest: bool) -> list[str]:
    names = [show.name for show in shows]
    if digest:
        names.append("the daily digest")
    return names


def request_subscription(email: str, shows, digest: bool) -> Subscriber:
    """Keep the address as pending (if new) and mail it a signed, expiring confirmation link.

    Nothing the reader asked for takes effect until the link is followed, so
    someone typing another person's address changes nothing for them. Raises
    whatever the mail backend raises when the mail server cannot be reached.
    """
    email = normalise(email)
    shows = list(shows)
    token = tokens.confirm_token(email, [show.pk for show in shows], digest)
    context = {
        "site_name": settings.QUICKLOOKS_SITE_NAME,
        "lists": list_names(shows, digest),
        "confirm_url": absolute_reverse("newsletters:confirm", token),
        "hours": tokens.CONFIRM_MAX_AGE // 3600,
    }
    message = EmailMultiAlternatives(
        subject=f"Confirm your subscription to {settings.QUICKLOOKS_SITE_NAME} newsletters",
        body=render_to_string("newsletters/email/confirm.txt", context),
        from_email=settings.QUICKLOOKS_NEWSLETTER_FROM,
        to=[email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(render_to_string("newsletters/email/confirm.html", context), "text/html")
    message.send()
    # Kept only once the mail is out, so a failed send leaves nothing behind.
    subscriber, _ = Subscriber.objects.get_or_create(email=email)
    return subscriber


@transaction.atomic
def confirm(token: str) -> tuple[Subscriber, list[str]]:
    """Follow a confirmation link: the subscriber is confirmed with what the link asked for added."""
    data = tokens.read_confirm_token(token)
    subscriber, _ = Subscriber.objects.select_for_update().get_or_create(email=normalise(data["email"]))
    shows = list(Show.objects.filter(pk__in=data["show_ids"]))
    subscriber.shows.add(*shows)
    if data["digest"]:
        subscriber.digest = True
    if subscriber.status != Subscriber.Status.CONFIRMED:
        # Following the link proves the address takes mail, bouncing or not.
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.bounced_at = None
        subscriber.bounce_reason = ""
    subscriber.save()
    return subscriber, list_names(shows, data["digest"])


@transaction.atomic
def update(subscriber: Subscriber, shows, digest: bool) -> None:
    """The manage page's choice: exactly these shows and digest; none at all unsubscribes."""
    shows = list(shows)
    subscriber.shows.set(shows)
    subscriber.digest = bool(digest)
    if not shows and not digest:
        _unsubscribe_all(subscriber)
    elif subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.unsubscribed_at = None
    subscriber.save()


def _unsubscribe_all(subscriber: Subscriber) -> None:
    subscriber.shows.clear()
    subscriber.digest = False
    if subscriber.status != Subscriber.Status.BOUNCING:
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
    subscriber.unsubscribed_at = timezone.now()


@transaction.atomic
def unsubscribe(subscriber: Subscriber, list_key: str) -> str:
    """Stop the list ``list_key`` names (a show, the digest, or everything); return its name."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    name = "all our newsletters"
    if list_key.startswith("show:"):
        show = Show.objects.filter(pk=int(list_key.split(":", 1)[1])).first()
        if show is not None:
            subscriber.shows.remove(show)
            name = show.name
    elif list_key == tokens.DIGEST:
        subscriber.digest = False
        name = "the daily digest"
    else:
        _unsubscribe_all(subscriber)
    if not subscriber.digest and not subscriber.shows.exists():
        _unsubscribe_all(subscriber)
    subscriber.save()
    log.info("subscriber %s unsubscribed from %s", subscriber.pk, list_key)
    return name
