"""The events in the Wagtail admin: the page chooser leaves out the events a person may not see
(``events.permissions.hidden_events``: unpublished events, for everyone but the event staff)."""

from wagtail import hooks

from events.permissions import hidden_events


@hooks.register("construct_page_chooser_queryset")
def hide_unpublished_events(pages, request):
    return pages.exclude(pk__in=hidden_events(request.user).values("pk"))
