"""E-mails through a real Celery broker and worker (Redis), and a broker that does not answer."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from config.celery import app
from mailer.models import OutgoingEmail
from mailer.services import send_templated

TEMPLATE = "accounts/email/membership_accepted"
CONTEXT = {"territory": {"name": "Fictiville"}, "comment": "", "account_url": "http://x/"}


def _use_broker(url: str, eager: bool):
    app.conf.task_always_eager = eager
    app.conf.broker_url = url
    # Connections to the previous broker must not be reused, nor left closed for later tests.
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    pools.reset()
    app.amqp._producer_pool = None


@pytest.fixture
def real_broker():
    """Use the broker configured by CELERY_BROKER_URL instead of running tasks eagerly."""
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker:
        pytest.skip("CELERY_BROKER_URL is not set: no Redis to run Celery through")
    previous = (app.conf.task_always_eager, app.conf.broker_url)
    _use_broker(broker, eager=False)
    yield broker
    _use_broker(previous[1], eager=previous[0])


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_email_task_runs_through_redis_and_a_worker(real_broker):
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        (row,) = send_templated("redis@example.org", TEMPLATE, CONTEXT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            row.refresh_from_db()
            if row.status == OutgoingEmail.Status.SENT:
                break
            time.sleep(0.2)
    assert row.status == OutgoingEmail.Status.SENT
    assert [m.to for m in mail.outbox] == [["redis@example.org"]]


@pytest.mark.django_db(transaction=True)
def test_unreachable_broker_never_loses_the_email():
    previous = (app.conf.task_always_eager, app.conf.broker_url)
    _use_broker("redis://127.0.0.1:1/0", eager=False)  # nothing listens there
    try:
        started = time.monotonic()
        (row,) = send_templated("panne@example.org", TEMPLATE, CONTEXT)
        elapsed = time.monotonic() - started
    finally:
        _use_broker(previous[1], eager=previous[0])
    row.refresh_from_db()
    assert row.status == OutgoingEmail.Status.PENDING
    assert elapsed < 10  # the request does not hang on the broker
