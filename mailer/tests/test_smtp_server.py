"""The SMTP fault against a real SMTP conversation on the loopback (issue #8): Django's SMTP
backend talks to a small server of ours that first refuses every connection (554), then
accepts. The e-mail stays pending with the error recorded, is retried, and arrives once —
never lost, never twice."""

import contextlib
import socket
import threading

import pytest
from django.test import override_settings

from mailer import tasks
from mailer.models import OutgoingEmail
from mailer.services import send_templated

pytestmark = pytest.mark.django_db

TEMPLATE = "accounts/email/membership_accepted"
CONTEXT = {"territory": {"name": "Fictiville"}, "comment": "", "account_url": "http://x/"}


class LoopbackSMTPServer:
    """Just enough SMTP (RFC 5321) for smtplib: greeting, EHLO, MAIL, RCPT, DATA, QUIT."""

    def __init__(self):
        self.refusing = True
        self.messages: list[bytes] = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            with conn, contextlib.suppress(OSError):
                self._talk(conn)

    def _talk(self, conn):
        if self.refusing:
            conn.sendall(b"554 5.3.2 Service temporairement refuse\r\n")
            return
        conn.sendall(b"220 test ESMTP\r\n")
        reader = conn.makefile("rb")
        data: list[bytes] | None = None
        for line in reader:
            if data is not None:
                if line == b".\r\n":
                    self.messages.append(b"".join(data))
                    data = None
                    conn.sendall(b"250 2.0.0 Accepte\r\n")
                else:
                    data.append(line)
                continue
            command = line[:4].upper()
            if command == b"DATA":
                data = []
                conn.sendall(b"354 Fin par <CRLF>.<CRLF>\r\n")
            elif command == b"QUIT":
                conn.sendall(b"221 2.0.0 Au revoir\r\n")
                return
            else:  # EHLO, HELO, MAIL, RCPT, RSET, NOOP
                conn.sendall(b"250 OK\r\n")

    def close(self):
        self.sock.close()


@pytest.fixture
def smtp_server():
    server = LoopbackSMTPServer()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=server.port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_TIMEOUT=5,
    ):
        yield server
    server.close()


def test_refused_then_accepted_email_arrives_once(smtp_server):
    (row,) = send_templated("referente@example.org", TEMPLATE, CONTEXT)
    with pytest.raises(Exception):  # noqa: B017, PT011 — smtplib's own error, re-raised
        tasks.deliver(row.pk)
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.PENDING
    assert row.attempts == 1
    assert "554" in row.last_error
    assert smtp_server.messages == []

    smtp_server.refusing = False
    assert tasks.send_pending_emails(older_than_seconds=0) == 1
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.SENT
    assert len(smtp_server.messages) == 1
    assert b"referente@example.org" in smtp_server.messages[0]
    # Nothing left to send: a second pass sends nothing again.
    assert tasks.send_pending_emails(older_than_seconds=0) == 0
    assert len(smtp_server.messages) == 1
