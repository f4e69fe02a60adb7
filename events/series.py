"""Recurring series (``EventSeries``): the other sessions shown on a session's page, each with
its own registration (registering for one session registers for no other)."""

from django.utils import timezone

from events import places


def other_sessions(event) -> list:
    """The series' other sessions to come (published, public), soonest first, each with
    ``places_left`` (``events.places``). Empty outside a series."""
    from events.models import EventPage

    if not event.series_id:
        return []
    sessions = (
        EventPage.objects.live()
        .public()
        .filter(series_id=event.series_id, end__gte=timezone.now())
        .exclude(pk=event.pk)
        .order_by("start", "pk")
    )
    return places.set_places_left(places.with_confirmed_count(sessions))
