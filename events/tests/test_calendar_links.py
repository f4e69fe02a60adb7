"""« Ajouter à mon agenda »: Google Agenda, Outlook (outlook.live.com and outlook.office.com)
and the .ics file, on the event page and in the e-mails to the confirmed participants; title and
texts percent-encoded, dates in UTC."""

import datetime
import html
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail

from events import calendar_links, emails, services
from events.tests.calendar_helpers import publish_changes
from events.tests.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
TITLE = "Webinaire : accès aux droits & RSA"
# 5 March 2030, 14 h 30 in Paris (winter time: UTC+1) → 13:30 UTC; two hours.
START = datetime.datetime(2030, 3, 5, 14, 30, tzinfo=PARIS)
ENCODED_TITLE = "Webinaire%20%3A%20acc%C3%A8s%20aux%20droits%20%26%20RSA"
GOOGLE_DATES = "dates=20300305T133000Z%2F20300305T153000Z"


@pytest.fixture
def event():
    return EventFactory(title=TITLE, start=START, hours=2)


def links_in(text: str) -> dict:
    """The calendar links of an HTML or text body, by service."""
    found = {}
    for url in html.unescape(text).split():
        url = url.split('"')[1] if url.startswith('href="') else url
        for key, prefix in (
            ("google", calendar_links.GOOGLE),
            ("outlook", calendar_links.OUTLOOK_LIVE),
            ("office", calendar_links.OUTLOOK_OFFICE),
        ):
            if url.startswith(prefix + "?"):
                found[key] = url
    return found


def query(url: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_google_link_encodes_the_title_and_gives_utc_dates(event):
    url = calendar_links.google_url(event)
    assert url.startswith("https://calendar.google.com/calendar/render?action=TEMPLATE&")
    assert f"text={ENCODED_TITLE}&" in url
    assert GOOGLE_DATES in url
    params = query(url)
    assert params["text"] == TITLE
    assert params["dates"] == "20300305T133000Z/20300305T153000Z"
    assert params["location"] == "En ligne"
    assert calendar_links.page_url(event) in params["details"]
    assert "salle-secrete" not in url  # the connection link waits for the page (T-15)


def test_outlook_links_give_iso_utc_dates(event):
    for base in (calendar_links.OUTLOOK_LIVE, calendar_links.OUTLOOK_OFFICE):
        url = calendar_links.outlook_url(event, base)
        assert url.startswith(base + "?")
        assert f"subject={ENCODED_TITLE}&" in url
        params = query(url)
        assert params["subject"] == TITLE
        assert params["startdt"] == "2030-03-05T13:30:00Z"
        assert params["enddt"] == "2030-03-05T15:30:00Z"
        assert params["rru"] == "addevent"


def test_event_page_has_the_links_and_the_ics_for_everyone(client, event):
    page = client.get(event.url).content.decode()
    assert "Ajouter à mon agenda" in page
    found = links_in(page)
    assert set(found) == {"google", "outlook", "office"}
    assert query(found["google"])["text"] == TITLE
    assert f'href="{calendar_links.ics_url(event)}"' in page

    response = client.get(f"/evenements/{event.pk}/agenda.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    [vevent] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == TITLE
    assert vevent.decoded("DTSTART") == START
    assert b"salle-secrete" not in response.content  # no connection link in the public file


def test_no_links_for_a_cancelled_event(client, event):
    publish_changes(event, is_cancelled=True)
    assert "Ajouter à mon agenda" not in client.get(event.url).content.decode()


def _check_email(message):
    text_links = links_in(message.body)
    html_links = links_in(message.alternatives[0][0])
    for found in (text_links, html_links):
        assert set(found) == {"google", "outlook", "office"}, message.subject
        assert f"text={ENCODED_TITLE}&" in found["google"]
        assert GOOGLE_DATES in found["google"]
        assert query(found["outlook"])["startdt"] == "2030-03-05T13:30:00Z"
    assert "Ajouter à mon agenda" in message.body
    assert calendar_links.ics_url(message.event) in message.body


def test_every_email_to_participants_has_the_links(event, django_capture_on_commit_callbacks):
    event = EventFactory(title=TITLE, start=START, hours=2, capacity=1)
    first, second = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.register(first, event)  # confirmation
        services.register(second, event)  # waiting list: no links
        services.cancel(first, event)  # second promoted
        promoted = event.registrations.get(user=second)
        promoted.event = event
        emails.send_reminder(promoted, "day")
    with django_capture_on_commit_callbacks(execute=True):
        hour = datetime.timedelta(hours=1)
        publish_changes(event, start=START + hour, end=START + 3 * hour)  # change notice
    for message in mail.outbox:
        message.event = event
    confirmation = [m for m in mail.outbox if first.email in m.to and "confirmée" in m.subject]
    promotion = [m for m in mail.outbox if second.email in m.to and "place" in m.subject.lower()]
    reminder = [m for m in mail.outbox if "Demain :" in m.subject]
    change = [m for m in mail.outbox if "Changement :" in m.subject]
    waitlisted = [m for m in mail.outbox if second.email in m.to and "attente" in m.subject]
    assert all(TITLE in m.subject for m in mail.outbox)  # « & », not « &amp; »
    assert confirmation and promotion and reminder and change, [m.subject for m in mail.outbox]
    for message in (confirmation[0], promotion[0], reminder[0]):
        _check_email(message)
    moved = links_in(change[0].body)["google"]
    assert "dates=20300305T143000Z%2F20300305T163000Z" in moved  # the new time
    for message in waitlisted:
        assert "Ajouter à mon agenda" not in message.body
