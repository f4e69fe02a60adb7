"""Recurring series: each session is its own event page (date, places, registrations) linked
to an ``EventSeries``; its page lists « Les autres séances de cette série » with their register
links; the list of events labels the sessions; one registration per session."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import EventSeries, Registration
from events.tests.calendar_helpers import facilitator
from events.tests.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def series():
    return EventSeries.objects.create(title="Les mardis de l’accès aux droits")


@pytest.fixture
def sessions(series):
    return [
        EventFactory(title=f"Séance {n} : le RSA", days=7 + 30 * n, capacity=5, series=series)
        for n in (1, 2, 3)
    ]


def test_a_session_lists_the_other_sessions_to_come(client, series, sessions):
    past = EventFactory(title="Séance 0 : passée", days=-30, series=series)
    other = EventFactory(title="Hors série", days=8)
    page = client.get(sessions[0].url).content.decode()
    assert "Les autres séances de cette série" in page
    assert "Les mardis de l’accès aux droits" in page
    for session in sessions[1:]:
        assert session.title in page
        assert f'href="{session.url}#inscription"' in page
    assert f'href="{sessions[0].url}#inscription"' not in page  # not itself
    assert past.title not in page and other.title not in page
    assert "5 places restantes" in page
    assert "s’inscrire à l’une n’inscrit pas aux autres" in page


def test_an_event_outside_a_series_has_no_such_section(client):
    event = EventFactory()
    assert "Les autres séances" not in client.get(event.url).content.decode()


def test_registrations_are_per_session(client, sessions):
    member = UserFactory()
    services.register(member, sessions[0])
    assert Registration.objects.filter(user=member).count() == 1
    assert services.registration_for(member, sessions[1]) is None
    client.force_login(member)
    page = client.get(sessions[1].url).content.decode()
    assert "M’inscrire" in page and "Votre inscription est confirmée" not in page
    services.register(member, sessions[1])
    services.cancel(member, sessions[0])
    assert services.registration_for(member, sessions[1]).status == "confirmed"
    assert services.confirmed_count(sessions[0]) == 0
    assert services.confirmed_count(sessions[2]) == 0
    page = client.get(sessions[2].url).content.decode()
    assert "(4 places restantes)" in page  # session 2, in the list of the other sessions
    assert "<p>5 places restantes</p>" in page  # session 3's own box


def test_the_list_labels_the_sessions(client, sessions, django_assert_max_num_queries):
    index_url = sessions[0].get_parent().url
    with django_assert_max_num_queries(40):
        page = client.get(index_url).content.decode()
    assert page.count("Série « Les mardis de l’accès aux droits »") == 3


def test_the_list_does_not_query_each_series(client, series):
    """The series' titles come with the events (one query for the whole list)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    EventFactory(series=series, days=3)
    index_url = EventFactory(days=4).get_parent().url
    with CaptureQueriesContext(connection) as one:
        client.get(index_url)
    for days in (5, 6, 9):
        EventFactory(series=EventSeries.objects.create(title=f"S{days}"), days=days)
    with CaptureQueriesContext(connection) as four:
        client.get(index_url)
    assert len(four.captured_queries) == len(one.captured_queries)


def test_facilitators_manage_series_in_the_admin(client):
    client.force_login(facilitator())
    url = reverse("wagtailsnippets_events_eventseries:add")
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Webinaire mensuel", "summary": ""})
    assert response.status_code == 302
    assert EventSeries.objects.filter(title="Webinaire mensuel").exists()
    client.force_login(UserFactory())
    assert client.get(url).status_code in (302, 403)


def test_a_session_can_be_created_in_a_series(series):
    session = EventFactory(series=series, start=timezone.now() + timedelta(days=40))
    assert list(series.sessions.all()) == [session]
