"""Parallel registrations never confirm more people than the capacity (PostgreSQL only)."""

import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connections
from django.utils import timezone

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="Needs PostgreSQL: SQLite serialises all writes, so it cannot show row locking "
        "(run with DATABASE_URL=postgres://…).",
    ),
]

THREADS = 12
CAPACITY = 5


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_respect_the_capacity(bootstrapped):
    from events import services
    from events.models import EventPage, Registration
    from events.tests.factories import EventFactory
    from tests.factories import UserFactory

    start = timezone.now() + timedelta(days=3)
    event = EventFactory(
        parent=services.ensure_index(bootstrapped),
        title="Webinaire très demandé",
        summary="Tout le monde veut venir.",
        start=start,
        end=start + timedelta(hours=1),
        online_link="https://visio.example.org/x",
        capacity=CAPACITY,
    )
    users = [UserFactory() for _ in range(THREADS)]

    barrier = threading.Barrier(THREADS)
    results, errors = [], []

    def worker(user):
        try:
            barrier.wait(timeout=30)
            results.append(services.register(user, EventPage.objects.get(pk=event.pk)).status)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(results) == ["confirmed"] * CAPACITY + ["waitlist"] * (THREADS - CAPACITY)
    assert Registration.objects.filter(event=event, status="confirmed").count() == CAPACITY
    assert Registration.objects.filter(event=event, status="waitlist").count() == THREADS - CAPACITY
