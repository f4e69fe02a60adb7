"""Queue e-mails. Call these from views and services; never send SMTP in a request."""

import base64
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from mailer.models import OutgoingEmail

logger = logging.getLogger(__name__)


def _stored_attachments(message: EmailMessage) -> list[dict]:
    """Attachments as JSON: text as it is, bytes in base64 (``mailer.tasks`` decodes them)."""
    stored = []
    for attachment in message.attachments or []:
        if not isinstance(attachment, tuple):  # a ready-made MIME part: keep its payload
            name = attachment.get_filename() or "piece-jointe"
            content = attachment.get_payload(decode=True) or b""
            mimetype = attachment.get_content_type()
        else:
            name, content, mimetype = attachment
        if isinstance(content, bytes):
            stored.append(
                {
                    "filename": name,
                    "content": base64.b64encode(content).decode("ascii"),
                    "mimetype": mimetype or "application/octet-stream",
                    "encoding": "base64",
                }
            )
        else:
            stored.append({"filename": name, "content": content, "mimetype": mimetype})
    return stored


def queue_message(message: EmailMessage) -> list[OutgoingEmail]:
    """Store a Django e-mail message (one row per recipient: to, cc and bcc) and schedule its
    sending once the transaction commits."""
    html = ""
    for content, mimetype in getattr(message, "alternatives", []) or []:
        if mimetype == "text/html":
            html = content
    attachments = _stored_attachments(message)
    # Erased accounts have an address in the reserved ".invalid" domain: never write to them.
    recipients = [
        recipient
        for recipient in message.recipients()
        if recipient and not recipient.lower().endswith(".invalid")
    ]
    rows = [
        OutgoingEmail.objects.create(
            to=recipient,
            subject=str(message.subject),
            body_text=message.body,
            body_html=html,
            from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
            headers={
                **dict(message.extra_headers or {}),
                **({"Reply-To": ", ".join(message.reply_to)} if message.reply_to else {}),
            },
            attachments=attachments,
        )
        for recipient in dict.fromkeys(recipients)
    ]
    ids = [row.pk for row in rows]
    if ids:
        transaction.on_commit(lambda: enqueue(ids))
    return rows


def send_templated(
    to: str | list[str],
    template_prefix: str,
    context: dict,
    reply_to: str | None = None,
    attachments: list[tuple[str, str | bytes, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> list[OutgoingEmail]:
    """Render ``<prefix>_subject.txt``, ``<prefix>_message.txt`` and (if present)
    ``<prefix>_message.html`` in French, and queue the e-mail.

    ``attachments``: ``(filename, content, mimetype)`` with text content (bytes are decoded
    as UTF-8), for example an ``.ics`` file as ``text/calendar``. ``headers``: extra headers
    (``List-Unsubscribe``…), stored with the e-mail and sent with it."""
    from django.core.mail import EmailMultiAlternatives
    from django.template import TemplateDoesNotExist

    recipients = [to] if isinstance(to, str) else list(to)
    # Erased accounts have an address in the reserved ".invalid" domain: never write to them.
    recipients = [r for r in recipients if r and not r.lower().endswith(".invalid")]
    if not recipients:
        return []
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    with translation.override("fr"):
        subject = render_to_string(f"{template_prefix}_subject.txt", context).strip()
        subject = " ".join(subject.splitlines())
        text = render_to_string(f"{template_prefix}_message.txt", context)
        try:
            html = render_to_string(f"{template_prefix}_message.html", context)
        except TemplateDoesNotExist:
            html = ""
    message = EmailMultiAlternatives(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        reply_to=[reply_to] if reply_to else None,
        headers=headers or None,
    )
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        if isinstance(content, bytes):
            content = content.decode("utf-8")
        message.attach(filename, content, mimetype)
    return queue_message(message)


def enqueue(ids: list[int]) -> None:
    """Hand the e-mails to Celery. If the broker cannot be reached, they stay pending and the
    periodic task will send them: the caller never fails because of the broker."""
    from mailer.tasks import send_email

    for pk in ids:
        try:
            send_email.delay(pk)
        except Exception:  # broker unreachable: the row stays pending
            logger.warning("Broker unreachable, e-mail %s left pending", pk, exc_info=True)
