import base64
import logging
from datetime import timedelta

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from mailer.backends import delivery_connection
from mailer.models import OutgoingEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def deliver(pk: int) -> bool:
    """Send one stored e-mail. Idempotent: an e-mail already sent is never sent again.
    Returns True when the e-mail is (now or already) sent; raises on SMTP failure."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=pk).first()
        if email is None or email.status != OutgoingEmail.Status.PENDING:
            return email is not None and email.status == OutgoingEmail.Status.SENT
        email.attempts += 1
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.body_text,
            from_email=email.from_email or None,
            to=[email.to],
            headers=email.headers or None,
        )
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        for attachment in email.attachments or []:
            content = attachment["content"]
            if attachment.get("encoding") == "base64":
                content = base64.b64decode(content)
            message.attach(attachment["filename"], content, attachment["mimetype"])
        error = None
        try:
            delivery_connection().send_messages([message])
        except Exception as exc:  # recorded, then raised outside the transaction
            error = exc
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if email.attempts >= MAX_ATTEMPTS:
                email.status = OutgoingEmail.Status.FAILED
        else:
            email.status = OutgoingEmail.Status.SENT
            email.sent_at = timezone.now()
            email.last_error = ""
        email.save(update_fields=["attempts", "last_error", "status", "sent_at"])
    if error is not None:
        raise error
    return True


@shared_task(
    bind=True,
    autoretry_for=(OSError, ConnectionError),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=MAX_ATTEMPTS,
    acks_late=True,
)
def send_email(self, pk: int) -> bool:
    return deliver(pk)


@shared_task
def send_pending_emails(older_than_seconds: int = 60) -> int:
    """Periodic safety net: send what stayed pending (broker was down, worker died…)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    sent = 0
    ids = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.PENDING, created_at__lte=cutoff
    ).values_list("pk", flat=True)[:500]
    for pk in list(ids):
        try:
            if deliver(pk):
                sent += 1
        except Exception:
            logger.warning("E-mail %s still not sent", pk, exc_info=True)
    return sent


@shared_task
def purge_email_log() -> int:
    """Delete the log of e-mails sent or abandoned more than MAILER_LOG_RETENTION_DAYS ago.
    E-mails still waiting to be sent are never purged."""
    from django.conf import settings

    days = settings.MAILER_LOG_RETENTION_DAYS
    if not days:
        return 0
    limit = timezone.now() - timedelta(days=days)
    deleted, _ = (
        OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.PENDING)
        .filter(created_at__lt=limit)
        .delete()
    )
    return deleted
