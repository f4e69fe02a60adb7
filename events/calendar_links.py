"""« Ajouter à mon agenda »: links that open an event in Google Agenda, Outlook.com, Outlook of
Microsoft 365, and its .ics file, for the event page and the e-mails to the participants.

Plain links (no JavaScript). Dates in UTC (``20261215T130000Z`` for Google, ISO 8601 with ``Z``
for Outlook); every value is percent-encoded (spaces as ``%20``, which Outlook reads correctly
where it shows ``+`` literally). The details give the event page, not the connection link: the
page shows it to the registered people when it is time (``events.permissions.join_link_state``)."""

from datetime import UTC
from urllib.parse import quote, urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from events import ical

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK_LIVE = "https://outlook.live.com/calendar/0/deeplink/compose"
OUTLOOK_OFFICE = "https://outlook.office.com/calendar/0/deeplink/compose"


def _encode(params: dict) -> str:
    return urlencode(params, quote_via=quote)


def google_dates(event) -> str:
    stamp = "%Y%m%dT%H%M%SZ"
    return f"{event.start.astimezone(UTC):{stamp}}/{event.end.astimezone(UTC):{stamp}}"


def _iso(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def details(event) -> str:
    lines = [event.summary or "", "", _("Page de l’événement : %(url)s") % {"url": page_url(event)}]
    return "\n".join(lines).strip()


def page_url(event) -> str:
    return ical.event_absolute_url(event)


def ics_url(event) -> str:
    return f"{settings.SITE_URL}{reverse('events:event_ics', args=[event.pk])}"


def google_url(event) -> str:
    params = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": google_dates(event),
        "details": details(event),
        "location": ical.event_location(event) or "",
    }
    return f"{GOOGLE}?{_encode(params)}"


def outlook_url(event, base: str = OUTLOOK_LIVE) -> str:
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": _iso(event.start),
        "enddt": _iso(event.end),
        "body": details(event),
        "location": ical.event_location(event) or "",
    }
    return f"{base}?{_encode(params)}"


def links(event) -> list[dict]:
    """The links of « Ajouter à mon agenda » (none for a cancelled or past event)."""
    if event.is_cancelled or event.is_past:
        return []
    return [
        {"label": _("Google Agenda"), "url": google_url(event), "key": "google"},
        {"label": _("Outlook.com"), "url": outlook_url(event), "key": "outlook"},
        {
            "label": _("Outlook (Microsoft 365)"),
            "url": outlook_url(event, OUTLOOK_OFFICE),
            "key": "office",
        },
        {
            "label": _("Fichier .ics (Apple Calendrier, Thunderbird…)"),
            "url": ics_url(event),
            "key": "ics",
        },
    ]
