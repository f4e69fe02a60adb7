import pytest
from django.core import mail
from django.test import override_settings

from mailer import tasks
from mailer.models import OutgoingEmail
from mailer.services import send_templated

pytestmark = pytest.mark.django_db

TEMPLATE = "accounts/email/membership_accepted"
CONTEXT = {"territory": {"name": "Fictiville"}, "comment": "", "account_url": "http://x/"}


def test_email_is_stored_then_sent_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = send_templated("a@example.org", TEMPLATE, CONTEXT)
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.SENT and row.attempts == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == (
        "[Communauté zéro non-recours] Vous avez rejoint l’équipe de Fictiville"
    )
    assert mail.outbox[0].alternatives[0][1] == "text/html"
    # Idempotent: delivering again sends nothing.
    assert tasks.deliver(row.pk) is True
    assert len(mail.outbox) == 1


def test_broker_outage_keeps_the_email_pending(monkeypatch, django_capture_on_commit_callbacks):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.send_email, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = send_templated("a@example.org", TEMPLATE, CONTEXT)
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.PENDING
    assert mail.outbox == []
    # The periodic task sends it once the worker runs again.
    assert tasks.send_pending_emails(older_than_seconds=0) == 1
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1


@override_settings(EMAIL_BACKEND="mailer.tests.failing_backend.FailingBackend")
def test_smtp_failure_is_recorded_and_retried_later(django_capture_on_commit_callbacks):
    (row,) = send_templated("a@example.org", TEMPLATE, CONTEXT)
    with pytest.raises(OSError):
        tasks.deliver(row.pk)
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.PENDING
    assert row.attempts == 1 and "refused" in row.last_error
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        assert tasks.send_pending_emails(older_than_seconds=0) == 1
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.SENT and row.attempts == 2


@override_settings(EMAIL_BACKEND="mailer.tests.failing_backend.FailingBackend")
def test_email_fails_for_good_after_max_attempts():
    (row,) = send_templated("a@example.org", TEMPLATE, CONTEXT)
    for _ in range(tasks.MAX_ATTEMPTS):
        with pytest.raises(OSError):
            tasks.deliver(row.pk)
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.FAILED
