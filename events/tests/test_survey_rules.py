"""When the satisfaction survey goes out (events.tasks.after_events, hourly):
- attendance marked on the facilitators' screen: to the people marked present only, at the
  next run after the end;
- attendance not marked: to every confirmed person, EVENTS_SURVEY_DELAY_HOURS (24) hours after
  the end, and to nobody before;
and the facilitators' screen says so."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from events import tasks
from events.models import EventPage
from events.tests.calendar_helpers import facilitator
from events.tests.factories import CalendarEventFactory, RegistrationFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def ended(hours_ago):
    start = timezone.now() - timedelta(hours=hours_ago + 2)
    return CalendarEventFactory(title="Atelier CAF", start=start, hours=2)


def surveyed():
    return sorted(m.to[0] for m in mail.outbox if "avis" in m.subject)


def run(capture):
    with capture(execute=True):
        return tasks.after_events()["surveys"]


def test_marked_attendance_sends_to_those_present_only(client, django_capture_on_commit_callbacks):
    event = ended(hours_ago=1)
    present = RegistrationFactory(event=event, user=UserFactory(email="present@example.org"))
    RegistrationFactory(event=event, user=UserFactory(email="absent@example.org"))
    assert run(django_capture_on_commit_callbacks) == 0  # attendance not marked yet

    client.force_login(facilitator())
    client.post(reverse("events:participants", args=[event.pk]), {"present": [str(present.pk)]})
    assert run(django_capture_on_commit_callbacks) == 1
    assert surveyed() == ["present@example.org"]
    assert run(django_capture_on_commit_callbacks) == 0  # once


def test_without_attendance_everyone_after_the_delay(django_capture_on_commit_callbacks):
    event = ended(hours_ago=23)
    RegistrationFactory(event=event, user=UserFactory(email="a@example.org"))
    RegistrationFactory(event=event, user=UserFactory(email="b@example.org"))
    assert run(django_capture_on_commit_callbacks) == 0
    EventPage.objects.filter(pk=event.pk).update(
        start=event.start - timedelta(hours=2), end=event.end - timedelta(hours=2)
    )
    assert run(django_capture_on_commit_callbacks) == 2
    assert surveyed() == ["a@example.org", "b@example.org"]


@override_settings(EVENTS_SURVEY_DELAY_HOURS=2)
def test_the_delay_is_a_setting(django_capture_on_commit_callbacks):
    event = ended(hours_ago=3)
    RegistrationFactory(event=event, user=UserFactory(email="a@example.org"))
    assert run(django_capture_on_commit_callbacks) == 1


def test_events_ended_long_ago_are_left_alone(django_capture_on_commit_callbacks):
    event = ended(hours_ago=24 + 49)
    RegistrationFactory(event=event)
    assert run(django_capture_on_commit_callbacks) == 0


def test_the_facilitators_screen_says_the_rule(client):
    event = ended(hours_ago=1)
    RegistrationFactory(event=event)
    client.force_login(facilitator())
    page = client.get(reverse("events:participants", args=[event.pk])).content.decode()
    assert "aux seules personnes présentes dès que les présences sont enregistrées" in page
    assert "à toutes les personnes inscrites 24 heures après la fin" in page
    assert "Le questionnaire part automatiquement après l’événement." not in page
