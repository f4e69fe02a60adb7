"""Events (Wagtail pages under /evenements/) and registrations."""

from datetime import timedelta

import factory
from django.utils import timezone

from events.models import EventPage, Registration
from tests.factories import PageFactory, UserFactory


class EventFactory(PageFactory):
    """An online event in ``days`` days (7), lasting ``hours`` hours (2), published unless
    ``live=False``; its link is only shown to the people registered."""

    class Meta:
        model = EventPage

    class Params:
        days = 7
        hours = 2

    title = "Webinaire prime d’activité"
    summary = "Deux territoires présentent leur méthode."
    start = factory.LazyAttribute(lambda event: timezone.now() + timedelta(days=event.days))
    end = factory.LazyAttribute(lambda event: event.start + timedelta(hours=event.hours))
    format = EventPage.Format.ONLINE
    online_link = "https://visio.example.org/salle-secrete"

    @classmethod
    def default_parent(cls, fields):
        from events.services import ensure_index
        from website.models import HomePage

        return ensure_index(HomePage.objects.first())


def _to_the_minute(moment):
    return moment.replace(second=0, microsecond=0)


class CalendarEventFactory(EventFactory):
    """The event of the calendar, e-mail and facilitation tests: its start (given or not) is
    rounded down to the minute, as in the calendar files."""

    title = "Webinaire accès aux droits"
    summary = "Échanges sur le non-recours aux droits."
    end = factory.LazyAttribute(
        lambda event: _to_the_minute(event.start) + timedelta(hours=event.hours)
    )
    online_link = "https://visio.example.org/salle-123"

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        kwargs["start"] = _to_the_minute(kwargs["start"])
        return kwargs


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = Registration.Status.CONFIRMED
