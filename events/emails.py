"""E-mails about events. Each one is written to the outbox (``mailer``) and sent by Celery after
the transaction commits. The confirmed participants receive the event as an ``.ics`` file."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from events import calendar_links, ical
from mailer.services import send_templated

SURVEY_SALT = "events.survey"
ICS_FILENAME = "evenement.ics"
ICS_MIMETYPE = "text/calendar"


def _context(event, registration=None, **extra):
    from events.models import Registration

    context = {
        "event": event,
        "event_url": ical.event_absolute_url(event),
        "location": ical.event_location(event),
        "calendar_url": settings.SITE_URL + reverse("events:my_calendar"),
        "registration": registration,
        "person": registration.user if registration else None,
        "is_confirmed": bool(registration and registration.status == Registration.Status.CONFIRMED),
        **extra,
    }
    # « Ajouter à mon agenda » for the confirmed participants (absolute links).
    context["calendar_links"] = calendar_links.links(event) if context["is_confirmed"] else []
    return context


def _ics_for(event, registration):
    """The .ics attachment for a confirmed participant (with the connection link)."""
    from events.models import Registration

    if registration.status != Registration.Status.CONFIRMED:
        return None
    return [(ICS_FILENAME, ical.event_ics(event, include_online_link=True), ICS_MIMETYPE)]


def send_confirmation(registration):
    """After a registration: confirmed (with the .ics) or on the waitlist (without)."""
    event = registration.event
    return send_templated(
        registration.user.email,
        "events/email/confirmation",
        _context(event, registration),
        attachments=_ics_for(event, registration),
    )


def send_promotion(registration):
    """A place freed: the first person waiting is confirmed, and gets the .ics like anyone
    confirmed at once."""
    event = registration.event
    return send_templated(
        registration.user.email,
        "events/email/promoted",
        _context(event, registration, user=registration.user),
        attachments=_ics_for(event, registration),
    )


def send_cancellation_ack(registration):
    """The person cancelled their registration."""
    return send_templated(
        registration.user.email,
        "events/email/cancellation_ack",
        _context(registration.event, registration),
    )


def send_change_notice(event, registrations, changes=None):
    """The event changed (date, place, link) or was cancelled: tell each registered person,
    with the updated .ics (same UID, higher SEQUENCE) for the confirmed ones."""
    prefix = "events/email/event_cancelled" if event.is_cancelled else "events/email/event_changed"
    rows = []
    for registration in registrations:
        rows += send_templated(
            registration.user.email,
            prefix,
            _context(event, registration, changes=changes or []),
            attachments=_ics_for(event, registration),
        )
    return rows


def send_reminder(registration, which: str):
    """``which``: ``"day"`` (the day before) or ``"hour"`` (one hour before)."""
    event = registration.event
    return send_templated(
        registration.user.email,
        "events/email/reminder",
        _context(event, registration, which=which),
        attachments=_ics_for(event, registration),
    )


def survey_token(registration) -> str:
    return signing.dumps(registration.pk, salt=SURVEY_SALT)


def survey_url(registration) -> str:
    return settings.SITE_URL + reverse("events:survey", args=[survey_token(registration)])


def send_survey(registration):
    return send_templated(
        registration.user.email,
        "events/email/survey",
        _context(registration.event, registration, survey_url=survey_url(registration)),
    )


def send_message_to_participants(event, subject, body, sender, include_waitlist=False) -> int:
    """A facilitator writes to all the participants; answers go to the facilitator.
    Returns the number of people written to."""
    from events.models import Registration

    statuses = [Registration.Status.CONFIRMED]
    if include_waitlist:
        statuses.append(Registration.Status.WAITLIST)
    emails = list(
        Registration.objects.filter(event=event, status__in=statuses, user__is_active=True)
        .values_list("user__email", flat=True)
        .distinct()
    )
    if not emails:
        return 0
    send_templated(
        emails,
        "events/email/participants_message",
        _context(event, subject=subject, body=body, sender=sender),
        reply_to=sender.email,
    )
    return len(emails)
