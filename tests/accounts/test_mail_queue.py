"""Signup with the mail server down: the account is made, the verification email waits, nothing answers 500.

Real SMTP: Django's SMTP backend against a loopback port where nothing
listens, then against aiosmtpd started on that same port.
"""

from __future__ import annotations

import re

import pytest
from aiosmtpd.controller import Controller
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from quicklooks.accounts.models import QueuedMail
from tests.conftest import free_port
from tests.newsletters.conftest import Mailbox

pytestmark = pytest.mark.django_db
PASSWORD = "plum orchard lantern 42"


@pytest.fixture
def smtp_down(settings):
    cache.clear()
    port = free_port()  # nothing listens here (yet)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = "127.0.0.1", port, False, 5
    yield port
    cache.clear()


def signup(client, email: str):
    data = {"email": email, "display_name": "Nadia Reader", "password1": PASSWORD, "password2": PASSWORD}
    return client.post(reverse("account_signup"), data)


def test_signup_without_a_mail_server_succeeds_and_the_email_follows_later(client, smtp_down, capsys):
    response = signup(client, "nadia@example.org")
    assert response.status_code == 302  # was 500: ConnectionRefusedError from the SMTP backend
    assert User.objects.filter(email="nadia@example.org").exists()
    queued = QueuedMail.objects.get()
    assert queued.to == ["nadia@example.org"] and "Connection" in queued.last_error

    # Still down: the queue keeps it and counts the try.
    call_command("sendqueuedmail")
    queued.refresh_from_db()
    assert queued.sent_at is None and queued.attempts == 2

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=smtp_down)
    controller.start()
    try:
        call_command("sendqueuedmail")
        mailbox.wait_for(1)
    finally:
        controller.stop()
    queued.refresh_from_db()
    assert queued.sent_at is not None
    body = mailbox.messages("nadia@example.org")[0].get_body(("plain",)).get_content()
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", body).group(0)
    assert client.post(link.split("testserver", 1)[-1]).status_code == 302
    assert EmailAddress.objects.get(email="nadia@example.org").verified


def test_a_reader_can_ask_for_the_email_again_by_signing_in(client, smtp_down):
    assert signup(client, "olga@example.org").status_code == 302
    client.logout()
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=smtp_down)
    controller.start()
    try:
        cache.clear()  # allauth lets a verification email go again only after a pause
        response = client.post(reverse("account_login"), {"login": "olga@example.org", "password": PASSWORD})
        assert response.status_code == 302 and "confirm-email" in response["Location"]
        mailbox.wait_for(1)
    finally:
        controller.stop()
    assert "olga@example.org" in mailbox.recipients()
