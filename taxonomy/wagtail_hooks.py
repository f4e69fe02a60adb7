from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from taxonomy.models import (
    ActionType,
    Audience,
    Barrier,
    Benefit,
    DocumentKind,
    Partner,
    ResultIndicator,
)

TERM_PANELS = [
    FieldPanel("label"),
    FieldPanel("slug"),
    FieldPanel("description"),
    FieldPanel("position"),
    FieldPanel("is_active"),
]


def term_viewset(term_model, icon="tag", extra_panels=(), extra_list=()):
    return type(
        f"{term_model.__name__}ViewSet",
        (SnippetViewSet,),
        {
            "model": term_model,
            "icon": icon,
            "list_display": ["label", "slug", *extra_list, "position", "is_active"],
            "list_filter": ["is_active"],
            "search_fields": ["label", "slug"],
            "ordering": ["position", "label"],
            "panels": [*TERM_PANELS[:2], *extra_panels, *TERM_PANELS[2:]],
        },
    )


class BarrierViewSet(SnippetViewSet):
    model = Barrier
    icon = "warning"
    list_display = ["__str__", "slug", "position", "is_active"]
    list_filter = ["parent", "is_active"]
    search_fields = ["label", "slug"]
    ordering = ["parent__position", "position"]
    panels = [*TERM_PANELS[:2], FieldPanel("parent"), *TERM_PANELS[2:]]


class VocabulariesGroup(SnippetViewSetGroup):
    items = (
        term_viewset(Audience, "group"),
        BarrierViewSet,
        term_viewset(Benefit, "doc-full"),
        term_viewset(ActionType, "cogs"),
        term_viewset(Partner, "user"),
        term_viewset(DocumentKind, "folder-open-inverse"),
        term_viewset(ResultIndicator, "table", [FieldPanel("unit")], ["unit"]),
    )
    menu_icon = "tag"
    menu_label = _("Vocabulaires")
    menu_name = "vocabulaires"
    menu_order = 310


register_snippet(VocabulariesGroup)
