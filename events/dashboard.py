"""« Mes inscriptions » in « Mon compte » (accounts.dashboard_sections): the person's upcoming
events (confirmed or on the waiting list, with their position), each one click from its page,
and the links to their calendar. Nothing for people registered to nothing upcoming, except a
link to the events. Two queries whatever the number of registrations (the positions are counted
in one query for all the waiting ones)."""

from django.template.loader import render_to_string
from django.utils import timezone

from events.models import EventIndexPage, Registration
from events.places import french_ordinal, with_waiting_ahead

SHOWN = 10


def upcoming_registrations(user):
    return (
        Registration.objects.filter(
            user=user,
            status__in=(Registration.Status.CONFIRMED, Registration.Status.WAITLIST),
            event__live=True,
            event__end__gte=timezone.now(),
        )
        .select_related("event")
        .order_by("event__start", "pk")
    )


def registrations_section(request) -> str:
    rows = list(with_waiting_ahead(upcoming_registrations(request.user))[: SHOWN + 1])
    for registration in rows:
        registration.is_waiting = registration.status == Registration.Status.WAITLIST
        registration.position = french_ordinal(registration.waiting_ahead + 1)
    index = EventIndexPage.objects.live().public().first()
    return render_to_string(
        "events/dashboard/registrations.html",
        {
            "registrations": rows[:SHOWN],
            "more": len(rows) > SHOWN,
            "events_url": index.url if index else None,
        },
        request=request,
    )
