"""Faults (issue #8): with the Celery broker unreachable, registering to an event and publishing
a page still succeed, and their e-mails go out once the broker is back (the periodic task sends
what stayed pending). The SMTP fault is tested in mailer/ (with a real SMTP conversation on the
loopback: mailer/tests/test_smtp_server.py), the database fault in website/; the
forum's in forum/tests/test_notifications.py; Elasticsearch's in search/."""

import time

import pytest
from django.core import mail

from config.celery import app
from mailer.models import OutgoingEmail
from mailer.tests.test_celery_broker import _use_broker

pytestmark = pytest.mark.django_db(transaction=True)

DOWN = "redis://127.0.0.1:1/0"  # nothing listens there


@pytest.fixture
def broker_down(settings):
    previous = (app.conf.task_always_eager, app.conf.broker_url)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    _use_broker(DOWN, eager=False)
    yield
    _use_broker(previous[1], eager=previous[0])


def _send_pending_now():
    """The broker is back: the periodic task (run here directly) sends what was left."""
    from mailer.tasks import send_pending_emails

    send_pending_emails(older_than_seconds=0)


def test_registering_to_an_event_while_the_broker_is_down(bootstrapped, broker_down, client):
    from events.models import Registration
    from events.tests.factories import EventFactory
    from tests.factories import MembershipFactory

    event = EventFactory(capacity=10)
    member = MembershipFactory().user
    client.force_login(member)
    mail.outbox.clear()
    started = time.monotonic()
    response = client.post(event.url + "inscription/", {"answer": ""})
    assert time.monotonic() - started < 15
    assert response.status_code == 302
    registration = Registration.objects.get(user=member, event=event)
    assert registration.status == Registration.Status.CONFIRMED
    pending = OutgoingEmail.objects.filter(to=member.email, status=OutgoingEmail.Status.PENDING)
    assert pending.count() == 1
    email_pk = pending.get().pk
    assert mail.outbox == []
    _use_broker("memory://", eager=True)
    _send_pending_now()
    assert OutgoingEmail.objects.get(pk=email_pk).status == OutgoingEmail.Status.SENT
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_publishing_a_page_while_the_broker_is_down(bootstrapped, broker_down):
    from website.models import ContentPage
    from website.tests.factories import ContentPageFactory

    started = time.monotonic()
    ContentPageFactory(title="Page publiée pendant la panne", slug="panne", intro="Texte")
    assert time.monotonic() - started < 15
    assert ContentPage.objects.live().filter(slug="panne").exists()
