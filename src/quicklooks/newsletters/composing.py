"""One reader's copy of an edition: both parts, their own links and the list headers (RFC 2369, RFC 8058).

No tracking: no pixel, no per-reader redirect; story links are the stories'
own addresses. Only the manage and unsubscribe links differ per reader.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils.text import slugify

from quicklooks.newsletters import tokens
from quicklooks.newsletters.editions import Rendered, list_key
from quicklooks.newsletters.links import absolute, absolute_reverse
from quicklooks.newsletters.models import Edition, Subscriber


def site_host() -> str:
    return urlsplit(settings.QUICKLOOKS_BASE_URL).hostname or "localhost"


def message_id(edition: Edition, subscriber: Subscriber) -> str:
    """The same every time for one (edition, reader): a relay or inbox that sees it twice can tell."""
    return f"<newsletter-{edition.pk}-{subscriber.pk}@{site_host()}>"


def reader_links(edition: Edition, subscriber: Subscriber) -> tuple[str, str]:
    """(manage URL, one-click unsubscribe URL) for this reader and this edition's list."""
    manage = absolute_reverse("newsletters:manage", tokens.manage_token(subscriber))
    unsubscribe = absolute_reverse("newsletters:unsubscribe", tokens.unsubscribe_token(subscriber, list_key(edition)))
    return manage, unsubscribe


def compose(edition: Edition, rendered: Rendered, subscriber: Subscriber) -> EmailMultiAlternatives:
    manage, unsubscribe = reader_links(edition, subscriber)
    html, text = rendered.personalise(manage, unsubscribe)
    list_slug = edition.show.slug if edition.show_id else "daily-digest"
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=text,
        from_email=settings.QUICKLOOKS_NEWSLETTER_FROM,
        to=[subscriber.email],
        headers={
            "Message-ID": message_id(edition, subscriber),
            "List-Id": f'"{edition.list_name}" <{slugify(list_slug)}.newsletters.{site_host()}>',
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Archive": f"<{absolute(edition.get_absolute_url())}>",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message

