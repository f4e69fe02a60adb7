"""iCalendar (.ics) of events: e-mail attachments, the public feed and the private feeds.

Each event keeps the same UID for its whole life (built from ``EventPage.uid``, never from its
URL, which may change) and its SEQUENCE grows when its date, place or link changes
(``events.signals``): calendars then update the event instead of adding a second one."""

from datetime import UTC

import icalendar
from django.conf import settings
from django.utils import timezone

UID_DOMAIN = "communaute-zero-non-recours"
PRODID = "-//Communauté zéro non-recours//Événements//FR"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def event_uid(event) -> str:
    return f"{event.uid}@{UID_DOMAIN}"


def event_absolute_url(event) -> str:
    url = event.get_url() or ""
    if url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL}{url}"


def event_location(event) -> str:
    from events.models import EventPage

    if event.format == EventPage.Format.ONLINE:
        return "En ligne"
    if event.format == EventPage.Format.HYBRID:
        return f"{event.address} (ou en ligne)" if event.address else "En ligne"
    return event.address


def event_to_vevent(event, include_online_link: bool = False, stamp=None) -> icalendar.Event:
    """One VEVENT. The connection link is only given to registered people
    (``include_online_link``: the private feed and the e-mails to confirmed participants)."""
    url = event_absolute_url(event)
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    vevent.add("sequence", event.sequence or 0)
    vevent.add("dtstamp", (stamp or timezone.now()).astimezone(UTC))
    vevent.add("dtstart", event.start.astimezone(UTC))
    vevent.add("dtend", event.end.astimezone(UTC))
    title = event.title
    if event.is_cancelled:
        title = f"ANNULÉ : {title}"
    vevent.add("summary", title)
    lines = [event.summary or ""]
    if include_online_link and event.online_link and not event.is_cancelled:
        lines += ["", f"Lien de connexion : {event.online_link}"]
    lines += ["", f"Page de l’événement : {url}"]
    vevent.add("description", "\n".join(lines).strip())
    location = event_location(event)
    if location:
        vevent.add("location", location)
    vevent.add("url", url)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    if getattr(event, "last_published_at", None):
        vevent.add("last-modified", event.last_published_at.astimezone(UTC))
    return vevent


def calendar_for(events, name: str, include_online_link=False, method: str = "PUBLISH") -> bytes:
    """A VCALENDAR of ``events``. ``include_online_link``: a boolean for all the events, or a
    function ``event -> bool``."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Paris")
    stamp = timezone.now()
    for event in events:
        with_link = (
            include_online_link(event)
            if callable(include_online_link)
            else bool(include_online_link)
        )
        cal.add_component(event_to_vevent(event, include_online_link=with_link, stamp=stamp))
    return cal.to_ical()


def event_ics(event, include_online_link: bool = False) -> str:
    """The .ics attached to the e-mails about one event (text, for the outbox)."""
    return calendar_for([event], event.title, include_online_link=include_online_link).decode(
        "utf-8"
    )
