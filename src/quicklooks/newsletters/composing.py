"""One reader's copy of an edition: both parts, their own links and the list headers (RFC 2369, RFC 8058).

No tracking: no pixel, no per-reader redirect; story links are the stories'
own addresses. Only the recipient, the Message-ID and the manage and
unsubscribe links differ per reader, so the MIME message is built once per
edition with placeholders and each reader's copy is those bytes with the
placeholders replaced (Django writes both parts as 8-bit UTF-8 when no line
is longer than 998 bytes, so the placeholders stand in the bytes as written;
if one does not, every copy is composed in full instead).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import sanitize_address
from django.utils.text import slugify

from quicklooks.newsletters import tokens
from quicklooks.newsletters.editions import MANAGE_PLACEHOLDER, UNSUBSCRIBE_PLACEHOLDER, Rendered, list_key
from quicklooks.newsletters.links import absolute, absolute_reverse
from quicklooks.newsletters.models import Edition, Subscriber

_TO_PLACEHOLDER = "qlnewsletterrecipient@placeholder.invalid"
_ID_PLACEHOLDER = "QLNEWSLETTERMESSAGEID"


def site_host() -> str:
    return urlsplit(settings.QUICKLOOKS_BASE_URL).hostname or "localhost"


def message_id(edition: Edition, subscriber: Subscriber) -> str:
    """The same every time for one (edition, reader): a relay or inbox that sees it twice can tell."""
    return f"<newsletter-{edition.pk}-{subscriber.pk}@{site_host()}>"


_TOKEN = "QLNEWSLETTERTOKEN"


@lru_cache(maxsize=4)
def _link_pattern(name: str, urlconf_marker: str) -> tuple[str, str]:
    # Reversed once: the token is the only part that changes per reader.
    before, _, after = absolute_reverse(name, _TOKEN).partition(_TOKEN)
    return before, after


def reader_links(edition: Edition, subscriber: Subscriber) -> tuple[str, str]:
    """(manage URL, one-click unsubscribe URL) for this reader and this edition's list."""
    marker = settings.QUICKLOOKS_BASE_URL
    before, after = _link_pattern("newsletters:manage", marker)
    manage = before + tokens.manage_token(subscriber) + after
    before, after = _link_pattern("newsletters:unsubscribe", marker)
    unsubscribe = before + tokens.unsubscribe_token(subscriber, list_key(edition)) + after
    return manage, unsubscribe


def _message(edition: Edition, subject: str, html: str, text: str, to: str, unsubscribe: str, mid: str) -> EmailMultiAlternatives:
    list_slug = edition.show.slug if edition.show_id else "daily-digest"
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.QUICKLOOKS_NEWSLETTER_FROM,
        to=[to],
        headers={
            "Message-ID": mid,
            "List-Id": f'"{edition.list_name}" <{slugify(list_slug)}.newsletters.{site_host()}>',
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Archive": f"<{absolute(edition.get_absolute_url())}>",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def compose(edition: Edition, rendered: Rendered, subscriber: Subscriber) -> EmailMultiAlternatives:
    """The reader's copy as a Django message (for backends other than SMTP, and the fallback)."""
    manage, unsubscribe = reader_links(edition, subscriber)
    html, text = rendered.personalise(manage, unsubscribe)
    return _message(edition, rendered.subject, html, text, subscriber.email, unsubscribe, message_id(edition, subscriber))


@dataclass
class Letter:
    """One reader's copy, ready for the wire (``data``) or for a Django backend (``message()``)."""

    edition: Edition
    rendered: Rendered
    subscriber: Subscriber
    sender: str
    recipient: str
    data: bytes | None

    def message(self) -> EmailMultiAlternatives:
        return compose(self.edition, self.rendered, self.subscriber)


class Composer:
    """Builds the edition's MIME bytes once and each reader's copy from them."""

    def __init__(self, edition: Edition, rendered: Rendered):
        self.edition, self.rendered = edition, rendered
        template = _message(edition, rendered.subject, rendered.html, rendered.text, _TO_PLACEHOLDER,
                            UNSUBSCRIBE_PLACEHOLDER, f"<{_ID_PLACEHOLDER}>")
        self.sender = sanitize_address(template.from_email, template.encoding or "utf-8")
        data = template.message().as_bytes(linesep="\r\n")
        wanted = [_TO_PLACEHOLDER, _ID_PLACEHOLDER, UNSUBSCRIBE_PLACEHOLDER]
        if MANAGE_PLACEHOLDER in rendered.text:
            wanted.append(MANAGE_PLACEHOLDER)
        counts = {name: data.count(name.encode()) for name in wanted}
        # Each placeholder must stand whole in the bytes (not encoded or folded apart).
        whole = counts[_TO_PLACEHOLDER] == 1 and counts[_ID_PLACEHOLDER] == 1 and counts[UNSUBSCRIBE_PLACEHOLDER] >= 3
        self.data = data if whole else None

    def letter(self, subscriber: Subscriber) -> Letter:
        recipient = subscriber.email
        if self.data is None or not recipient.isascii():
            message = compose(self.edition, self.rendered, subscriber)
            data = message.message().as_bytes(linesep="\r\n")
        else:
            manage, unsubscribe = reader_links(self.edition, subscriber)
            data = (
                self.data.replace(_TO_PLACEHOLDER.encode(), recipient.encode())
                .replace(f"<{_ID_PLACEHOLDER}>".encode(), message_id(self.edition, subscriber).encode())
                .replace(UNSUBSCRIBE_PLACEHOLDER.encode(), unsubscribe.encode())
                .replace(MANAGE_PLACEHOLDER.encode(), manage.encode())
            )
        # An ASCII address (nearly all) goes on the envelope as stored: it was validated at signup.
        envelope = recipient if recipient.isascii() else sanitize_address(recipient, "utf-8")
        return Letter(self.edition, self.rendered, subscriber, self.sender, envelope, data)
