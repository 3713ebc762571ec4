"""Signed links: confirming a signup (expires), managing subscriptions and unsubscribing (do not).

Nothing is stored for a link: the signature is the proof. A confirmation
link carries the address and what was asked for, so nothing changes until
the owner of the address clicks it; a manage or unsubscribe link carries the
subscriber's id and a digest of the address, so it stops working if the row
is ever reused.
"""

from __future__ import annotations

import hashlib

from django.core import signing

CONFIRM_SALT = "quicklooks.newsletters.confirm"
MANAGE_SALT = "quicklooks.newsletters.manage"
UNSUBSCRIBE_SALT = "quicklooks.newsletters.unsubscribe"
CONFIRM_MAX_AGE = 3 * 24 * 3600
"""A confirmation link works for three days."""

DIGEST = "digest"
ALL = "all"


class BadLink(Exception):
    """The link was altered, has expired, or names no subscriber."""


def confirm_token(email: str, show_ids: list[int], digest: bool) -> str:
    return signing.dumps({"e": email, "s": sorted(show_ids), "d": bool(digest)}, salt=CONFIRM_SALT, compress=True)


def read_confirm_token(token: str) -> dict:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise BadLink("This confirmation link has expired (links last three days). Please sign up again.") from None
    except signing.BadSignature:
        raise BadLink("This confirmation link is not valid. Please copy the whole link from the email, or sign up again.") from None
    return {"email": data["e"], "show_ids": list(data["s"]), "digest": bool(data["d"])}


def _address_digest(email: str) -> str:
    # The links sit in mailboxes and server logs: they carry a digest of the
    # address (tying the link to it), never the address itself.
    return hashlib.sha256(email.encode()).hexdigest()[:16]


def manage_token(subscriber) -> str:
    return signing.dumps([subscriber.pk, _address_digest(subscriber.email)], salt=MANAGE_SALT)


def unsubscribe_token(subscriber, list_key: str) -> str:
    """``list_key``: ``"show:<id>"``, ``"digest"`` or ``"all"``: what the link unsubscribes from."""
    return signing.dumps([subscriber.pk, _address_digest(subscriber.email), list_key], salt=UNSUBSCRIBE_SALT)


def _subscriber(pk, digest):
    from quicklooks.newsletters.models import Subscriber

    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None or _address_digest(subscriber.email) != digest:
        raise BadLink("This link names no subscription any more. You can sign up again from any show page.")
    return subscriber


def read_manage_token(token: str):
    try:
        pk, digest = signing.loads(token, salt=MANAGE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise BadLink("This link is not valid. Please use the “Manage subscriptions” link from one of our emails.") from None
    return _subscriber(pk, digest)


def read_unsubscribe_token(token: str):
    """(subscriber, list_key)."""
    try:
        pk, digest, list_key = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise BadLink("This unsubscribe link is not valid. Please use the link from one of our emails.") from None
    return _subscriber(pk, digest), list_key
