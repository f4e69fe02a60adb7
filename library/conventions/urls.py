"""Included at /bibliotheque/ before library.urls: only the clauses/ and conventions/ prefixes."""

from django.urls import path

from library.conventions.views import (
    builder,
    clauses,
    convention_models,
    downloads,
    drafts,
    proposals,
)

app_name = "conventions"

urlpatterns = [
    path("clauses/", clauses.clause_list, name="clause_list"),
    path("clauses/proposer/", clauses.clause_propose, name="clause_propose"),
    path("clauses/propositions/", proposals.proposals, name="proposals"),
    path("clauses/propositions/<int:pk>/decision/", proposals.decide, name="decide"),
    path("clauses/<slug:slug>/", clauses.clause_detail, name="clause_detail"),
    path("clauses/<slug:slug>/discuter/", clauses.clause_discuss, name="clause_discuss"),
    path("conventions/", convention_models.model_list, name="model_list"),
    path("conventions/modeles/<slug:slug>/", convention_models.model_detail, name="model_detail"),
    path("conventions/nouveau/", builder.builder_start, name="builder_start"),
    path("conventions/mes-projets/", drafts.my_drafts, name="my_drafts"),
    path("conventions/projets/<int:pk>/", drafts.draft_summary, name="draft_summary"),
    path("conventions/projets/<int:pk>/etape/<slug:step>/", builder.draft_step, name="draft_step"),
    path(
        "conventions/projets/<int:pk>/mettre-a-jour/",
        drafts.draft_update_versions,
        name="draft_update_versions",
    ),
    path("conventions/projets/<int:pk>/partager/", drafts.draft_share, name="draft_share"),
    path("conventions/projets/<int:pk>/supprimer/", drafts.draft_delete, name="draft_delete"),
    path(
        "conventions/projets/<int:pk>/convention.<str:extension>",
        downloads.draft_export,
        name="draft_export",
    ),
]
