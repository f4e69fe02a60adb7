from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from events import emails, tasks
from events.models import EventPage, Registration
from events.tests.calendar_helpers import facilitator, publish_changes
from events.tests.factories import CalendarEventFactory, RegistrationFactory
from forum.models import Category, Thread
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def ics_attachments(message):
    return [a for a in message.attachments if a[2].startswith("text/calendar")]


def parse_ics(attachment):
    content = attachment[1]
    if isinstance(content, bytes):
        content = content.decode()
    return next(iter(icalendar.Calendar.from_ical(content).walk("VEVENT")))


def test_confirmation_has_ics_attachment(django_capture_on_commit_callbacks):
    event = CalendarEventFactory(title="Webinaire santé")
    registration = RegistrationFactory(event=event, user=UserFactory(email="alice@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        emails.send_confirmation(registration)
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert "Inscription confirmée" in message.subject
    assert "Webinaire santé" in message.body
    assert "https://visio.example.org/salle-123" in message.body
    assert message.alternatives and "Webinaire santé" in message.alternatives[0][0]
    [attachment] = ics_attachments(message)
    assert attachment[0] == "evenement.ics"
    vevent = parse_ics(attachment)
    assert str(vevent["UID"]) == f"{event.uid}@communaute-zero-non-recours"
    assert "https://visio.example.org/salle-123" in str(vevent["DESCRIPTION"])


def test_waitlist_confirmation_has_no_ics(django_capture_on_commit_callbacks):
    event = CalendarEventFactory()
    registration = RegistrationFactory(event=event, status=Registration.Status.WAITLIST)
    with django_capture_on_commit_callbacks(execute=True):
        emails.send_confirmation(registration)
    [message] = mail.outbox
    assert "liste d’attente" in message.subject.lower()
    assert "visio.example.org" not in message.body
    assert ics_attachments(message) == []


def test_cancellation_ack(django_capture_on_commit_callbacks):
    registration = RegistrationFactory(
        event=CalendarEventFactory(), status=Registration.Status.CANCELLED
    )
    with django_capture_on_commit_callbacks(execute=True):
        emails.send_cancellation_ack(registration)
    assert "Inscription annulée" in mail.outbox[0].subject


def test_change_notice_sent_to_registered_people(django_capture_on_commit_callbacks):
    event = CalendarEventFactory(capacity=1)
    confirmed = RegistrationFactory(event=event, user=UserFactory(email="inscrit@example.org"))
    RegistrationFactory(
        event=event,
        user=UserFactory(email="attente@example.org"),
        status=Registration.Status.WAITLIST,
    )
    RegistrationFactory(
        event=event,
        user=UserFactory(email="parti@example.org"),
        status=Registration.Status.CANCELLED,
    )
    RegistrationFactory(event=CalendarEventFactory(), user=UserFactory(email="autre@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        publish_changes(
            event, start=event.start + timedelta(days=1), end=event.end + timedelta(days=1)
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["attente@example.org", "inscrit@example.org"]
    to_confirmed = next(m for m in mail.outbox if m.to == [confirmed.user.email])
    assert "Changement" in to_confirmed.subject
    vevent = parse_ics(ics_attachments(to_confirmed)[0])
    assert vevent["SEQUENCE"] == 1
    assert vevent.decoded("DTSTART") == event.start + timedelta(days=1)
    to_waitlist = next(m for m in mail.outbox if m.to == ["attente@example.org"])
    assert ics_attachments(to_waitlist) == []


def test_no_notice_when_nothing_important_changes(django_capture_on_commit_callbacks):
    event = CalendarEventFactory()
    RegistrationFactory(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        publish_changes(event, summary="Un autre résumé")
    assert mail.outbox == []


def test_cancellation_notice(django_capture_on_commit_callbacks):
    event = CalendarEventFactory()
    RegistrationFactory(event=event, user=UserFactory(email="inscrit@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        event = publish_changes(event, is_cancelled=True)
    [message] = mail.outbox
    assert "annulé" in message.subject.lower()
    vevent = parse_ics(ics_attachments(message)[0])
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert vevent["SEQUENCE"] == 1
    # Further edits of a cancelled event bother nobody.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish_changes(
            event, start=event.start + timedelta(hours=2), end=event.end + timedelta(hours=2)
        )
    assert mail.outbox == []


# --- Reminders -----------------------------------------------------------------------------------


def old_registration(event, user=None, **extra):
    if user is not None:
        extra["user"] = user
    registration = RegistrationFactory(event=event, **extra)
    Registration.objects.filter(pk=registration.pk).update(
        created_at=timezone.now() - timedelta(days=10)
    )
    return registration


def test_reminders_sent_once(django_capture_on_commit_callbacks):
    tomorrow = CalendarEventFactory(title="Demain", start=timezone.now() + timedelta(hours=20))
    soon = CalendarEventFactory(title="Bientôt", start=timezone.now() + timedelta(minutes=40))
    later = CalendarEventFactory(title="Plus tard", start=timezone.now() + timedelta(days=3))
    cancelled = CalendarEventFactory(title="Annulé", start=timezone.now() + timedelta(hours=5))
    EventPage.objects.filter(pk=cancelled.pk).update(is_cancelled=True)
    a = old_registration(tomorrow, UserFactory(email="a@example.org"))
    b = old_registration(soon, UserFactory(email="b@example.org"))
    old_registration(later, UserFactory(email="c@example.org"))
    old_registration(cancelled, UserFactory(email="d@example.org"))
    old_registration(
        tomorrow, UserFactory(email="e@example.org"), status=Registration.Status.WAITLIST
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_reminders() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_reminders() == 0  # the second run sends nothing
    assert sorted((m.to[0], m.subject.split("]")[1].strip()) for m in mail.outbox) == [
        ("a@example.org", "Demain : Demain"),
        ("b@example.org", "Dans une heure : Bientôt"),
    ]
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.reminder_day_sent_at and not a.reminder_hour_sent_at
    assert b.reminder_hour_sent_at
    assert ics_attachments(mail.outbox[0])


def test_day_then_hour_reminder(django_capture_on_commit_callbacks):
    event = CalendarEventFactory(start=timezone.now() + timedelta(hours=20))
    registration = old_registration(event)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_reminders()
    EventPage.objects.filter(pk=event.pk).update(
        start=timezone.now() + timedelta(minutes=30), end=timezone.now() + timedelta(hours=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_reminders()
        tasks.send_reminders()
    assert len(mail.outbox) == 2
    registration.refresh_from_db()
    assert registration.reminder_day_sent_at and registration.reminder_hour_sent_at


def test_reminders_respect_preference(django_capture_on_commit_callbacks):
    event = CalendarEventFactory(start=timezone.now() + timedelta(minutes=30))
    old_registration(event, UserFactory(email_event_reminders=False))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_reminders() == 0
    assert mail.outbox == []


def test_no_day_reminder_right_after_registering(django_capture_on_commit_callbacks):
    event = CalendarEventFactory(start=timezone.now() + timedelta(hours=10))
    RegistrationFactory(event=event)  # registered now: the confirmation is enough
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_reminders() == 0


# --- After the event -----------------------------------------------------------------------------


def ended_event(**extra):
    return CalendarEventFactory(start=timezone.now() - timedelta(hours=3), hours=2, **extra)


@pytest.fixture
def community_category():
    return Category.objects.get_or_create(
        slug="vie-de-la-communaute",
        defaults={"name": "Vie de la communauté", "visibility": Category.Visibility.PUBLIC},
    )[0]


def test_forum_thread_created_once_and_linked(
    community_category, django_capture_on_commit_callbacks
):
    author = facilitator()
    event = ended_event(title="Atelier logement")
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.after_events()["threads"] == 1
        assert tasks.after_events()["threads"] == 0
    [thread] = Thread.objects.filter(linked_page=event)
    assert thread.title == "Suite de l’événement : Atelier logement"
    assert thread.category == community_category
    assert thread.author == author
    event.refresh_from_db()
    assert event.forum_thread == thread
    assert thread.posts.first().source.count(event.url) == 1
    assert EventPage.objects.get(pk=event.pk).get_latest_revision().content["forum_thread"] is None


def test_no_thread_for_upcoming_or_cancelled_events(community_category):
    facilitator()
    CalendarEventFactory()
    cancelled = ended_event()
    EventPage.objects.filter(pk=cancelled.pk).update(is_cancelled=True)
    assert tasks.after_events() == {"threads": 0, "surveys": 0}


def test_survey_sent_once_to_confirmed_people(
    community_category, django_capture_on_commit_callbacks
):
    """Attendance not marked: nobody gets the survey before EVENTS_SURVEY_DELAY_HOURS (24)
    after the end; then every confirmed person, once."""
    facilitator()
    event = ended_event()
    RegistrationFactory(event=event, user=UserFactory(email="present@example.org"))
    RegistrationFactory(
        event=event,
        user=UserFactory(email="attente@example.org"),
        status=Registration.Status.WAITLIST,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.after_events()["surveys"] == 0
        EventPage.objects.filter(pk=event.pk).update(
            start=timezone.now() - timedelta(hours=27), end=timezone.now() - timedelta(hours=25)
        )
        assert tasks.after_events()["surveys"] == 1
        assert tasks.after_events()["surveys"] == 0
    surveys = [m for m in mail.outbox if "avis" in m.subject]
    assert [m.to for m in surveys] == [["present@example.org"]]
    assert "/evenements/questionnaire/" in surveys[0].body
    assert "/forum/discussion/" in surveys[0].body


def test_survey_only_to_attendees_when_attendance_taken(django_capture_on_commit_callbacks):
    event = ended_event()
    RegistrationFactory(event=event, user=UserFactory(email="present@example.org"), attended=True)
    RegistrationFactory(event=event, user=UserFactory(email="absent@example.org"), attended=False)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.after_events()
    assert [m.to for m in mail.outbox if "avis" in m.subject] == [["present@example.org"]]
