"""The connection link on the event page: confirmed participants see it from
EVENTS_JOIN_LINK_MINUTES_BEFORE (15) minutes before the start until the end; before that, « Le
lien de connexion sera disponible 15 minutes avant le début ». The logged-in event page is not
cached, so the moment the link opens is never served stale."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from accounts import roles
from events import permissions, services
from events.tests.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LINK = "https://visio.example.org/salle-secrete"
SOON = "Le lien de connexion sera disponible 15 minutes avant le début."


def starting_in(minutes, **extra):
    return EventFactory(start=timezone.now() + timedelta(minutes=minutes), **extra)


def test_hidden_before_fifteen_minutes_before_the_start(client):
    event = starting_in(20)
    member = UserFactory()
    services.register(member, event)
    client.force_login(member)
    page = client.get(event.url).content.decode()
    assert LINK not in page
    assert SOON in page


def test_shown_from_fifteen_minutes_before_the_start(client):
    event = starting_in(14)
    member = UserFactory()
    services.register(member, event)
    client.force_login(member)
    page = client.get(event.url).content.decode()
    assert f'href="{LINK}"' in page
    assert SOON not in page


def test_never_shown_to_waiting_or_anonymous_people(client):
    event = starting_in(5, capacity=1)
    services.register(UserFactory(), event)
    waiting = UserFactory()
    services.register(waiting, event)
    assert LINK not in client.get(event.url).content.decode()
    client.force_login(waiting)
    page = client.get(event.url).content.decode()
    assert LINK not in page and SOON not in page
    assert "Le lien de connexion est communiqué aux personnes inscrites." in page


def test_the_rule_until_the_end():
    event = EventFactory(start=timezone.now() - timedelta(minutes=30), hours=1)
    member = UserFactory()
    event.registrations.create(user=member, status="confirmed")
    assert permissions.join_link_state(member, event) == "open"
    assert permissions.join_link_state(member, event, now=event.end + timedelta(seconds=1)) == (
        "ended"
    )
    before = event.start - timedelta(minutes=15, seconds=1)
    assert permissions.join_link_state(member, event, now=before) == "soon"
    assert permissions.join_link_state(member, event, now=before + timedelta(seconds=1)) == "open"
    staff = UserFactory(roles=[roles.FACILITATOR])
    early = event.start - timedelta(days=3)
    assert permissions.join_link_state(staff, event, now=early) == "open"  # to prepare it


@override_settings(EVENTS_JOIN_LINK_MINUTES_BEFORE=30)
def test_the_delay_is_a_setting(client):
    event = starting_in(25)
    member = UserFactory()
    services.register(member, event)
    client.force_login(member)
    page = client.get(event.url).content.decode()
    assert f'href="{LINK}"' in page


def test_the_page_is_not_served_stale_when_the_link_opens(client, monkeypatch):
    """Same person, same page, nothing changed in the database: only the clock moved past
    T-15. A cached copy of the first answer would still hide the link."""
    event = starting_in(20)
    member = UserFactory()
    services.register(member, event)
    client.force_login(member)
    first = client.get(event.url).content.decode()
    assert SOON in first and LINK not in first

    later = timezone.now() + timedelta(minutes=6)
    monkeypatch.setattr(timezone, "now", lambda: later)
    second = client.get(event.url).content.decode()
    assert f'href="{LINK}"' in second
    assert SOON not in second
