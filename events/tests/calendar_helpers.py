"""Test data for the calendar, e-mail and facilitation tests."""

from datetime import timedelta

from django.utils import timezone

from accounts import roles
from events.models import EventPage, Registration
from tests.factories import UserFactory


def make_event(title="Webinaire accès aux droits", start=None, hours=2, live=True, **extra):
    from events.services import ensure_index
    from website.models import HomePage

    index = ensure_index(HomePage.objects.first())
    start = (start or timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)
    event = EventPage(
        title=title,
        slug=extra.pop("slug", None) or f"evt-{EventPage.objects.count() + 1}",
        start=start,
        end=start + timedelta(hours=hours),
        summary=extra.pop("summary", "Échanges sur le non-recours aux droits."),
        format=extra.pop("format", EventPage.Format.ONLINE),
        online_link=extra.pop("online_link", "https://visio.example.org/salle-123"),
        live=live,
        **extra,
    )
    index.add_child(instance=event)
    if live:
        event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def publish_changes(event, **changes):
    """As an editor does: change fields, save a revision and publish it."""
    event = EventPage.objects.get(pk=event.pk)
    for field, value in changes.items():
        setattr(event, field, value)
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def register(event, user=None, status=Registration.Status.CONFIRMED, **extra):
    return Registration.objects.create(
        event=event, user=user or UserFactory(), status=status, **extra
    )


def facilitator(**kwargs):
    return UserFactory(roles=[roles.FACILITATOR], **kwargs)
