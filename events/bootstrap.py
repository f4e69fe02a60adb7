"""Bootstrap of the events: the facilitators and the DGCS administrators manage the recurring
series (« Séries d’événements » in the Wagtail admin). Idempotent (``website.setup_steps``)."""

from django.contrib.auth.models import Group, Permission

from accounts import roles

SERIES_PERMISSIONS = ["add_eventseries", "change_eventseries", "delete_eventseries"]


def ensure(home=None) -> None:
    permissions = list(
        Permission.objects.filter(content_type__app_label="events", codename__in=SERIES_PERMISSIONS)
    )
    for name in (roles.FACILITATOR, roles.DGCS_ADMIN):
        Group.objects.get_or_create(name=name)[0].permissions.add(*permissions)
