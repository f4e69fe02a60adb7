"""« Mes inscriptions » in « Mon compte » (accounts.dashboard_sections): the person's upcoming
events (confirmed or on the waiting list, with their position), each one click from its page,
and the links to their calendar. Nothing for people registered to nothing upcoming, except a
link to the events. Two queries whatever the number of registrations (the positions are counted
in one query for all the waiting ones)."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone

from events.models import EventIndexPage, Registration
from events.places import french_ordinal

SHOWN = 10


def _waiting_ahead():
    """How many people wait before the registration of the outer query (a subquery)."""
    ahead = (
        Registration.objects.filter(
            event_id=OuterRef("event_id"), status=Registration.Status.WAITLIST
        )
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("event_id")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(ahead), 0)


def upcoming_registrations(user):
    return (
        Registration.objects.filter(
            user=user,
            status__in=(Registration.Status.CONFIRMED, Registration.Status.WAITLIST),
            event__live=True,
            event__end__gte=timezone.now(),
        )
        .select_related("event")
        .annotate(waiting_ahead=_waiting_ahead())
        .order_by("event__start", "pk")
    )


def registrations_section(request) -> str:
    rows = list(upcoming_registrations(request.user)[: SHOWN + 1])
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
