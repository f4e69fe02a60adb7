"""Helpers of the calendar, e-mail and facilitation tests (their events:
``events.tests.factories.CalendarEventFactory``)."""

from accounts import roles
from events.models import EventPage
from tests.factories import UserFactory


def publish_changes(event, **changes):
    """As an editor does: change fields, save a revision and publish it."""
    event = EventPage.objects.get(pk=event.pk)
    for field, value in changes.items():
        setattr(event, field, value)
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def facilitator(**kwargs):
    return UserFactory(roles=[roles.FACILITATOR], **kwargs)
