"""Handing one message to the mail server, with the send recorded in between.

For SMTP the message is handed over in two steps: everything up to the
final ``.`` of DATA, then, once ``handover()`` has recorded the send in the
database, the ``.`` itself. A server takes responsibility for a message only
when it reads that ``.`` (RFC 5321, 4.1.1.4), so a sender killed before
it leaves a message that was never delivered and a row that says so
(pending); killed after, a delivered message and a row that says handed.
For other backends (files in embedded mode) the record comes first and the
backend's own ``send_messages`` second.

What is left is the few microseconds between the record's commit returning
and the ``.`` being written to the socket: a sender killed exactly there
leaves a row that says handed for a message the server dropped, and that
reader misses one edition (never gets two). Nothing runs in between but the
return from the commit, so the window is as small as the protocol allows;
SMTP has no way to ask a server afterwards whether it took a message.
"""

from __future__ import annotations

import re
import smtplib
import socket
from dataclasses import dataclass

from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend

_LINE_ENDS = re.compile(rb"\r\n|\r|\n")
_LEADING_DOT = re.compile(rb"(?m)^\.")


@dataclass(frozen=True)
class Answer:
    """The server's answer to one message: 2xx accepted, 4xx try later, 5xx never."""

    code: int
    text: str
    handed: bool  # True when handover() ran (the message reached DATA's end)

    @property
    def accepted(self) -> bool:
        return 200 <= self.code < 300

    @property
    def permanent(self) -> bool:
        return self.code >= 500


class ConnectionLost(Exception):
    """The connection to the mail server broke; ``handed`` says whether the message's end had been sent."""

    def __init__(self, message: str, handed: bool):
        super().__init__(message)
        self.handed = handed


class SenderRefused(Exception):
    """The server refuses our sender address for good: nothing can go out until the operator fixes it."""


def _text(reply) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


class Session:
    """One connection's worth of messages, opened from the configured email backend."""

    def __init__(self):
        self.backend = get_connection()
        self.smtp = isinstance(self.backend, SMTPBackend)

    def __enter__(self):
        try:
            self.backend.open()
        except (smtplib.SMTPException, OSError) as error:
            raise ConnectionLost(f"could not reach the mail server: {error}", handed=False) from error
        sock = getattr(getattr(self.backend, "connection", None), "sock", None)
        if self.smtp and sock is not None:
            # The message's end goes out as its own small write right after
            # the body; without this, Nagle's algorithm holds it until the
            # server's delayed ACK (40 ms a message on Linux).
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self

    def __exit__(self, *exc):
        try:
            self.backend.close()
        except (smtplib.SMTPException, OSError):
            pass
        return False

    def deliver(self, letter, handover) -> Answer:
        """Hand ``letter`` (composing.Letter) to the server, calling ``handover()`` just before it is delivered."""
        if not self.smtp:
            handover()
            self.backend.send_messages([letter.message()])
            return Answer(250, "written by the email backend", handed=True)
        return self._deliver_smtp(letter.sender, [letter.recipient], letter.data, handover)

    def _deliver_smtp(self, sender: str, recipients: list[str], data: bytes, handover) -> Answer:
        connection = self.backend.connection
        handed = False
        try:
            connection.ehlo_or_helo_if_needed()
            code, reply = connection.mail(sender)
            if code != 250:
                connection.rset()
                if code >= 500:
                    raise SenderRefused(f"the mail server refuses the sender {sender}: {code} {_text(reply)}")
                return Answer(code, _text(reply), handed=False)
            for recipient in recipients:
                code, reply = connection.rcpt(recipient)
                if code not in (250, 251):
                    connection.rset()
                    return Answer(code, _text(reply), handed=False)
            connection.putcmd("data")
            code, reply = connection.getreply()
            if code != 354:
                connection.rset()
                return Answer(code, _text(reply), handed=False)
            body = _LEADING_DOT.sub(b"..", _LINE_ENDS.sub(b"\r\n", data))
            if not body.endswith(b"\r\n"):
                body += b"\r\n"
            connection.send(body)
            try:
                handover()
            except BaseException:
                # Closing without the final dot makes the server drop the message.
                connection.close()
                raise
            handed = True
            connection.send(b".\r\n")
            code, reply = connection.getreply()
            return Answer(code, _text(reply), handed=True)
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            raise ConnectionLost(f"the mail server connection broke: {error}", handed=handed) from error
