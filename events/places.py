"""Places left at events and the waiting list, counted in SQL: one annotation for a whole list
of events, one count for a person's position on a waiting list."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


def with_confirmed_count(events):
    """``events`` (a queryset of ``EventPage``) with ``confirmed_total``, the number of
    confirmed registrations of each, in the same query."""
    from events.models import Registration

    return events.annotate(
        confirmed_total=Count(
            "registrations",
            filter=Q(registrations__status=Registration.Status.CONFIRMED),
            distinct=True,
        )
    )


def set_places_left(events) -> list:
    """Each event of ``events`` (annotated by ``with_confirmed_count``) gets ``places_left``:
    None without a capacity, else the places still free (0 when full)."""
    events = list(events)
    for event in events:
        if event.capacity is None:
            event.places_left = None
        else:
            event.places_left = max(event.capacity - event.confirmed_total, 0)
    return events


def _waiting_before(event_id, created_at, pk):
    """The people waiting before a registration (values, or ``OuterRef``s in a subquery), in
    the order of ``services.promote_waitlist``: oldest first, then by id."""
    from events.models import Registration

    return Registration.objects.filter(
        Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk),
        event_id=event_id,
        status=Registration.Status.WAITLIST,
    )


def waitlist_position(registration) -> int | None:
    """1 for the first person waiting; None unless ``registration`` is on the waiting list."""
    from events.models import Registration

    if registration is None or registration.status != Registration.Status.WAITLIST:
        return None
    ahead = _waiting_before(registration.event_id, registration.created_at, registration.pk)
    return ahead.count() + 1


def with_waiting_ahead(registrations):
    """``registrations`` (a queryset) with ``waiting_ahead``, how many wait before each, in the
    same query (meaningful for those on the waiting list)."""
    ahead = (
        _waiting_before(OuterRef("event_id"), OuterRef("created_at"), OuterRef("pk"))
        .order_by()
        .values("event_id")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return registrations.annotate(waiting_ahead=Coalesce(Subquery(ahead), 0))


def french_ordinal(number: int) -> str:
    """``1re``, ``2e``, ``3e``… (feminine, as in « en 1re position »)."""
    return "1re" if number == 1 else f"{number}e"
