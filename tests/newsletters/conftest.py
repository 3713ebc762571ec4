"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives and refuses what a test says."""

from __future__ import annotations

import email
import threading
import time
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.conftest import free_port

SAMPLE = Path(__file__).resolve().parent.parent / "files" / "stories" / "putin-foreign-troops.txt"


class Mailbox:
    """aiosmtpd handler: messages by recipient; ``refuse[address]`` is a list of replies to give first."""

    def __init__(self):
        self.lock = threading.Lock()
        self.received: list[tuple[list[str], bytes]] = []
        self.refuse_rcpt: dict[str, list[str]] = {}
        self.refuse_data: dict[str, list[str]] = {}

    @staticmethod
    def _next(table, address):
        replies = table.get(address.lower())
        if not replies:
            return None
        # The last reply repeats for ever: a permanent refusal stays permanent.
        return replies.pop(0) if len(replies) > 1 else replies[0]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            reply = self._next(self.refuse_rcpt, address)
        if reply and not reply.startswith("2"):
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for address in envelope.rcpt_tos:
                reply = self._next(self.refuse_data, address)
                if reply and not reply.startswith("2"):
                    return reply
            self.received.append((list(envelope.rcpt_tos), bytes(envelope.original_content or envelope.content)))
        return "250 2.0.0 Message accepted"

    def count(self) -> int:
        with self.lock:
            return len(self.received)

    def messages(self, to: str | None = None) -> list[email.message.EmailMessage]:
        with self.lock:
            rows = list(self.received)
        found = [email.message_from_bytes(data, policy=policy.default) for rcpts, data in rows if to is None or to.lower() in [r.lower() for r in rcpts]]
        return found

    def recipients(self) -> list[str]:
        with self.lock:
            return [address.lower() for rcpts, _ in self.received for address in rcpts]

    def wait_for(self, count: int, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while self.count() < count and time.monotonic() < deadline:
            time.sleep(0.01)


@pytest.fixture
def smtp_server():
    """(mailbox, port) of an SMTP server on 127.0.0.1 for this test."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield mailbox, controller.port
    finally:
        controller.stop()


@pytest.fixture
def mailbox(smtp_server, settings):
    """Django's SMTP backend pointed at the loopback server."""
    mailbox, port = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.QUICKLOOKS_NEWSLETTER_RATE = 0
    return mailbox


def text_part(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()
