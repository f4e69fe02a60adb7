"""An e-mail backend that writes every message to the outbox instead of sending it.

Our own e-mails go through ``mailer.services`` already. This backend catches the others: those
that Wagtail (workflow and comment notifications), django-allauth or Django itself (error
reports to ``ADMINS``) send with ``django.core.mail``. Set as ``EMAIL_BACKEND``, it makes them
follow the same path as ours: stored first, sent by Celery after the transaction commits, retried
when the SMTP server refuses, never lost when the broker is down, never sent from inside a
request.

The backend that really sends is ``MAILER_DELIVERY_BACKEND`` (SMTP in production, the console in
development); ``mailer.tasks.deliver`` uses it. When the outbox cannot be written (the database
is down: typically an error report about that very failure), the message is sent at once through
the delivery backend rather than dropped.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import DatabaseError

logger = logging.getLogger(__name__)

OUTBOX_BACKEND = "mailer.backends.OutboxBackend"


def delivery_backend() -> str:
    """The dotted path of the backend that really sends: ``MAILER_DELIVERY_BACKEND`` when the
    outbox is ``EMAIL_BACKEND``, otherwise ``EMAIL_BACKEND`` itself."""
    backend = settings.EMAIL_BACKEND
    if backend == OUTBOX_BACKEND:
        backend = getattr(
            settings, "MAILER_DELIVERY_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
        )
    if backend == OUTBOX_BACKEND:
        raise ValueError("MAILER_DELIVERY_BACKEND cannot be the outbox itself.")
    return backend


def delivery_connection(**kwargs):
    return get_connection(backend=delivery_backend(), **kwargs)


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        from mailer.services import queue_message

        queued = 0
        for message in email_messages or []:
            if not message.recipients():
                continue
            try:
                queue_message(message)
            except DatabaseError:
                logger.warning("Outbox unavailable: e-mail sent directly", exc_info=True)
                try:
                    queued += (
                        delivery_connection(fail_silently=self.fail_silently).send_messages(
                            [message]
                        )
                        or 0
                    )
                except Exception:
                    if not self.fail_silently:
                        raise
                    logger.exception("E-mail lost: neither the outbox nor SMTP answered")
                continue
            queued += 1
        return queued
