from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
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


class ResultIndicatorViewSet(SnippetViewSet):
    """The indicators of the evaluation kit: their definitions feed the kit's pages and the
    data-collection template (/bibliotheque/kit-evaluation/). Administrators only (the
    taxonomy permissions of the « Administrateurs DGCS » group)."""

    model = ResultIndicator
    icon = "table"
    list_display = ["label", "slug", "family", "unit", "value_kind", "position", "is_active"]
    list_filter = ["family", "value_kind", "is_active"]
    search_fields = ["label", "slug", "definition"]
    ordering = ["position", "label"]
    panels = [
        *TERM_PANELS[:2],
        FieldRowPanel([FieldPanel("family"), FieldPanel("unit"), FieldPanel("value_kind")]),
        MultiFieldPanel(
            [
                FieldPanel("definition"),
                FieldPanel("counting_method"),
                FieldPanel("data_source"),
                FieldPanel("period"),
            ],
            heading=_("Définition (kit d’évaluation)"),
            help_text=_(
                "Obligatoire pour un indicateur actif. Le modèle de collecte téléchargeable est "
                "produit à partir de ces champs : toute modification y figure aussitôt."
            ),
        ),
        MultiFieldPanel(
            [FieldPanel("quarterly"), FieldPanel("per_inhabitants"), FieldPanel("rate_of")],
            heading=_("Bilans et comparaison des territoires"),
        ),
        FieldPanel(
            "description",
            heading=_("Résumé"),
            help_text=_(
                "Facultatif : une phrase montrée dans la liste du kit ; vide, le début de la "
                "définition."
            ),
        ),
        FieldPanel("position"),
        FieldPanel(
            "is_active",
            help_text=_(
                "Décoché, l’indicateur disparaît du kit et du modèle de collecte ; sa page reste "
                "en ligne, marquée « indicateur retiré », pour les fiches qui l’utilisent."
            ),
        ),
    ]


class VocabulariesGroup(SnippetViewSetGroup):
    items = (
        term_viewset(Audience, "group"),
        BarrierViewSet,
        term_viewset(Benefit, "doc-full"),
        term_viewset(ActionType, "cogs"),
        term_viewset(Partner, "user"),
        term_viewset(DocumentKind, "folder-open-inverse"),
        ResultIndicatorViewSet,
    )
    menu_icon = "tag"
    menu_label = _("Vocabulaires")
    menu_name = "vocabulaires"
    menu_order = 310


register_snippet(VocabulariesGroup)
