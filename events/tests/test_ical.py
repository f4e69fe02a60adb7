from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from events import ical
from events.models import CalendarToken, EventPage, Registration
from events.tests.calendar_helpers import publish_changes
from events.tests.factories import CalendarEventFactory, RegistrationFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def parse(content):
    cal = icalendar.Calendar.from_ical(content)
    return cal, list(cal.walk("VEVENT"))


def test_event_ics_is_valid_icalendar():
    event = CalendarEventFactory(
        title="Atelier mobilité", format=EventPage.Format.HYBRID, address="12 rue de la Paix, Lille"
    )
    cal, [vevent] = parse(ical.calendar_for([event], "Test"))
    assert str(cal["VERSION"]) == "2.0"
    assert "PRODID" in cal
    assert str(vevent["UID"]) == f"{event.uid}@communaute-zero-non-recours"
    assert vevent["SEQUENCE"] == 0
    assert vevent.decoded("DTSTART") == event.start
    assert vevent.decoded("DTEND") == event.end
    assert str(vevent["SUMMARY"]) == "Atelier mobilité"
    assert "12 rue de la Paix" in str(vevent["LOCATION"])
    assert str(vevent["URL"]).startswith("http")
    assert str(vevent["URL"]).endswith(event.url)
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert "DTSTAMP" in vevent
    assert "visio.example.org" not in str(vevent["DESCRIPTION"])


def test_online_link_only_when_asked():
    event = CalendarEventFactory()
    _, [vevent] = parse(ical.calendar_for([event], "Test", include_online_link=True))
    assert "https://visio.example.org/salle-123" in str(vevent["DESCRIPTION"])
    assert str(vevent["LOCATION"]) == "En ligne"


def test_uid_stable_and_sequence_grows_on_date_change():
    event = CalendarEventFactory()
    uid = ical.event_uid(event)
    # A change that does not matter to calendars keeps the sequence.
    event = publish_changes(event, summary="Nouveau résumé", slug="nouvelle-adresse")
    assert event.sequence == 0
    event = publish_changes(
        event, start=event.start + timedelta(hours=1), end=event.end + timedelta(hours=1)
    )
    assert event.sequence == 1
    event = publish_changes(event, online_link="https://visio.example.org/autre")
    assert event.sequence == 2
    _, [vevent] = parse(ical.calendar_for([event], "Test"))
    assert str(vevent["UID"]) == uid
    assert vevent["SEQUENCE"] == 2


def test_draft_changes_do_not_bump_sequence():
    event = CalendarEventFactory()
    event.start = event.start + timedelta(days=1)
    event.end = event.end + timedelta(days=1)
    event.save_revision()  # draft only
    assert EventPage.objects.get(pk=event.pk).sequence == 0


def test_cancelled_event_has_status_cancelled():
    event = publish_changes(CalendarEventFactory(), is_cancelled=True)
    assert event.sequence == 1
    _, [vevent] = parse(ical.calendar_for([event], "Test"))
    assert str(vevent["STATUS"]) == "CANCELLED"


def test_public_feed_lists_upcoming_live_events_only(client):
    upcoming = CalendarEventFactory(title="À venir")
    CalendarEventFactory(title="Passé", start=timezone.now() - timedelta(days=3))
    CalendarEventFactory(title="Brouillon", live=False)
    CalendarEventFactory(title="Interne", audience=EventPage.Audience.FACILITATORS)
    response = client.get(reverse("events:public_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    _, vevents = parse(response.content)
    assert [str(v["SUMMARY"]) for v in vevents] == ["À venir"]
    assert str(vevents[0]["UID"]) == ical.event_uid(upcoming)
    assert "visio.example.org" not in response.content.decode()
    assert reverse("events:public_feed") == "/evenements/calendrier.ics"


def test_private_feed_with_token(client):
    user = UserFactory()
    mine = CalendarEventFactory(title="Le mien")
    waiting = CalendarEventFactory(title="En attente")
    gone = CalendarEventFactory(title="Annulée par moi")
    CalendarEventFactory(title="Pas le mien")
    RegistrationFactory(event=mine, user=user)
    RegistrationFactory(event=waiting, user=user, status=Registration.Status.WAITLIST)
    RegistrationFactory(event=gone, user=user, status=Registration.Status.CANCELLED)
    token = CalendarToken.objects.create(user=user, token="secret-token-123")
    response = client.get(reverse("events:private_feed", args=[token.token]))
    assert response.status_code == 200
    _, vevents = parse(response.content)
    by_title = {str(v["SUMMARY"]): v for v in vevents}
    assert set(by_title) == {"Le mien", "En attente"}
    # The connection link is given to confirmed participants only.
    assert "visio.example.org" in str(by_title["Le mien"]["DESCRIPTION"])
    assert "visio.example.org" not in str(by_title["En attente"]["DESCRIPTION"])


def test_private_feed_unknown_token_is_404(client):
    assert client.get("/evenements/mon-calendrier/inconnu.ics").status_code == 404


def test_my_calendar_page_creates_regenerates_and_deletes_token(client):
    user = UserFactory()
    url = reverse("events:my_calendar")
    assert client.get(url).status_code == 302  # login required
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    assert "Créer mon adresse" in response.content.decode()

    client.post(url, {"action": "create"})
    first = CalendarToken.objects.get(user=user).token
    assert len(first) >= 40
    feed_url = reverse("events:private_feed", args=[first])
    assert feed_url in client.get(url).content.decode()
    assert client.get(feed_url).status_code == 200

    client.post(url, {"action": "regenerate"})
    second = CalendarToken.objects.get(user=user).token
    assert second != first
    assert client.get(feed_url).status_code == 404  # revoked
    assert client.get(reverse("events:private_feed", args=[second])).status_code == 200

    client.post(url, {"action": "delete"})
    assert not CalendarToken.objects.filter(user=user).exists()
    assert client.get(reverse("events:private_feed", args=[second])).status_code == 404


def test_inactive_user_feed_is_404(client):
    user = UserFactory()
    token = CalendarToken.objects.create(user=user, token="abc-def")
    user.is_active = False
    user.save()
    assert client.get(reverse("events:private_feed", args=[token.token])).status_code == 404
