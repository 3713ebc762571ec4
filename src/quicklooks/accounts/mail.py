"""Account mail (verification, password reset) that never breaks the request that sends it.

A signup creates the account before its verification email goes out. When
the mail server is down or refuses, sending used to raise, the signup
answered 500, and the address could never sign up again (the account
existed, unverified, with no email on its way). Now a message that cannot be
handed over is kept in :class:`QueuedMail` and sent again later by
``quicklooks manage sendqueuedmail`` (the worker runs it every minute); the
reader sees the usual "check your inbox" page and can ask for the email again
by signing in, which sends a fresh verification email.
"""

from __future__ import annotations

import logging
import smtplib
import socket

from allauth.account.adapter import DefaultAccountAdapter
from django.core.mail import EmailMessage
from django.db import models
from django.utils import timezone

from quicklooks.accounts.models import QueuedMail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 20
"""Tries before a queued message is given up on (a minute apart: some twenty minutes of outage)."""
SEND_ERRORS = (smtplib.SMTPException, OSError, socket.timeout)


def _html_of(message: EmailMessage) -> str:
    for content, kind in getattr(message, "alternatives", []) or []:
        if kind == "text/html":
            return str(content)
    return ""


def deliver(message: EmailMessage) -> bool:
    """Send ``message`` now, or queue it when the mail server will not take it. True when sent."""
    try:
        message.send()
        return True
    except SEND_ERRORS as error:
        reason = f"{error.__class__.__name__}: {error}"[:500]
        logger.warning("mail to %s could not be sent (%s); queued to send again", ", ".join(message.to), reason)
        QueuedMail.objects.create(
            from_email=message.from_email, to=list(message.to), subject=str(message.subject), body=str(message.body),
            html=_html_of(message), last_error=reason,
        )
        return False


def send_queued_mail() -> tuple[int, int]:
    """Try every queued message once more; returns (sent, still waiting)."""
    sent = waiting = 0
    for queued in QueuedMail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS):
        try:
            queued.message().send()
        except SEND_ERRORS as error:
            QueuedMail.objects.filter(pk=queued.pk).update(
                attempts=models.F("attempts") + 1, last_error=f"{error.__class__.__name__}: {error}"[:500]
            )
            waiting += 1
            continue
        QueuedMail.objects.filter(pk=queued.pk).update(sent_at=timezone.now())
        sent += 1
    return sent, waiting


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter, sending account mail through :func:`deliver`."""

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        deliver(message)
