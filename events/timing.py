"""The time rules of the events, each set by a setting (config/settings/base.py):

- the connection link shows on the event page from ``EVENTS_JOIN_LINK_MINUTES_BEFORE`` minutes
  before the start until the end (``events.permissions.join_link_state``);
- a cancelled registration can be restored for ``EVENTS_CANCEL_UNDO_MINUTES`` minutes
  (``events.services.undo_cancel``);
- without attendance marked, the satisfaction survey goes to everyone registered
  ``EVENTS_SURVEY_DELAY_HOURS`` hours after the end (``events.tasks.survey_recipients``).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone


def join_link_minutes() -> int:
    return getattr(settings, "EVENTS_JOIN_LINK_MINUTES_BEFORE", 15)


def join_link_opens_at(event):
    return event.start - timedelta(minutes=join_link_minutes())


def undo_minutes() -> int:
    return getattr(settings, "EVENTS_CANCEL_UNDO_MINUTES", 10)


def undo_deadline(registration):
    """Until when the cancellation of ``registration`` may be undone (None: it may not)."""
    cancelled_at = getattr(registration, "cancelled_at", None)
    if cancelled_at is None:
        return None
    return cancelled_at + timedelta(minutes=undo_minutes())


def survey_delay() -> timedelta:
    return timedelta(hours=getattr(settings, "EVENTS_SURVEY_DELAY_HOURS", 24))


def french_time(moment) -> str:
    """« 14 h 30 », « 14 h » on the hour, in Paris time (FRENCH-UI.md)."""
    local = timezone.localtime(moment)
    if local.minute:
        return f"{local.hour}\u00a0h\u00a0{local.minute:02d}"
    return f"{local.hour}\u00a0h"
