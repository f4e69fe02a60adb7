"""E-mails sent with ``django.core.mail`` by Wagtail, allauth or Django go through the outbox
(``EMAIL_BACKEND = mailer.backends.OutboxBackend``, as in production) instead of SMTP."""

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage, mail_admins
from django.db import DatabaseError
from django.test import override_settings
from wagtail.admin.mail import send_mail as wagtail_send_mail

from mailer import backends, services, tasks
from mailer.models import OutgoingEmail

pytestmark = pytest.mark.django_db

OUTBOX = override_settings(
    EMAIL_BACKEND=backends.OUTBOX_BACKEND,
    MAILER_DELIVERY_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)


def test_production_settings_route_every_email_through_the_outbox():
    from config.settings import base

    assert base.EMAIL_BACKEND == backends.OUTBOX_BACKEND
    assert base.MAILER_DELIVERY_BACKEND != backends.OUTBOX_BACKEND


@OUTBOX
def test_a_wagtail_notification_is_stored_then_sent_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sent = wagtail_send_mail(
            "Nouveau commentaire sur « Fiche »", "Texte", ["editrice@example.org"]
        )
        assert sent == 1
        (row,) = OutgoingEmail.objects.all()
        assert row.status == OutgoingEmail.Status.PENDING
        assert row.to == "editrice@example.org"
        assert row.headers["Auto-Submitted"] == "auto-generated"
        assert mail.outbox == []  # nothing sent from inside the request
    for callback in callbacks:
        callback()
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.SENT
    assert [m.to for m in mail.outbox] == [["editrice@example.org"]]
    assert mail.outbox[0].subject == "Nouveau commentaire sur « Fiche »"
    assert mail.outbox[0].extra_headers["Auto-Submitted"] == "auto-generated"


@OUTBOX
def test_smtp_refusal_keeps_a_wagtail_notification_for_later(django_capture_on_commit_callbacks):
    with override_settings(MAILER_DELIVERY_BACKEND="mailer.tests.failing_backend.FailingBackend"):
        with django_capture_on_commit_callbacks(execute=True):
            wagtail_send_mail("Tâche à valider", "Texte", ["moderatrice@example.org"])
        (row,) = OutgoingEmail.objects.all()
        assert row.status == OutgoingEmail.Status.PENDING
        assert "refused" in row.last_error
    assert tasks.send_pending_emails(older_than_seconds=0) == 1
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1


@OUTBOX
def test_every_recipient_and_binary_attachment_is_kept(django_capture_on_commit_callbacks):
    message = EmailMessage(
        "Convention",
        "Ci-joint.",
        to=["a@example.org"],
        cc=["b@example.org"],
        bcc=["c@example.org", "ancien@compte-supprime.invalid"],
    )
    pdf = b"%PDF-1.4\x00\xff binary"
    message.attach("convention.pdf", pdf, "application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        assert message.send() == 1
    assert sorted(OutgoingEmail.objects.values_list("to", flat=True)) == [
        "a@example.org",
        "b@example.org",
        "c@example.org",
    ]
    assert len(mail.outbox) == 3
    assert mail.outbox[0].attachments == [("convention.pdf", pdf, "application/pdf")]


@OUTBOX
def test_error_reports_to_admins_go_through_the_outbox(django_capture_on_commit_callbacks):
    with (
        override_settings(ADMINS=[("Exploitation", "exploitation@example.org")]),
        django_capture_on_commit_callbacks(execute=True),
    ):
        mail_admins("Erreur 500", "Trace")
    assert OutgoingEmail.objects.get().to == "exploitation@example.org"
    assert mail.outbox[0].subject == f"{settings.EMAIL_SUBJECT_PREFIX}Erreur 500"


@OUTBOX
def test_without_the_database_the_email_is_sent_directly(monkeypatch):
    def database_down(message):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(services, "queue_message", database_down)
    assert mail.send_mail("Base indisponible", "Trace", None, ["ops@example.org"]) == 1
    assert [m.to for m in mail.outbox] == [["ops@example.org"]]
    assert not OutgoingEmail.objects.exists()


def test_the_outbox_cannot_deliver_to_itself():
    with (
        override_settings(
            EMAIL_BACKEND=backends.OUTBOX_BACKEND, MAILER_DELIVERY_BACKEND=backends.OUTBOX_BACKEND
        ),
        pytest.raises(ValueError),
    ):
        backends.delivery_backend()
