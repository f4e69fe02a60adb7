"""The events in the Wagtail admin: the page chooser leaves out the events a person may not see
(``events.permissions.hidden_events``: unpublished events, for everyone but the event staff);
the recurring series (« Séries d’événements ») are snippets that the sessions choose."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from events.models import EventSeries
from events.permissions import hidden_events


@hooks.register("construct_page_chooser_queryset")
def hide_unpublished_events(pages, request):
    return pages.exclude(pk__in=hidden_events(request.user).values("pk"))


class EventSeriesViewSet(SnippetViewSet):
    model = EventSeries
    icon = "date"
    menu_label = _("Séries d’événements")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["title"]
    search_fields = ["title"]


register_snippet(EventSeriesViewSet)
