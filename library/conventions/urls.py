"""Included at /bibliotheque/ before library.urls: only the clauses/ and conventions/ prefixes."""

from django.urls import path

from library.conventions import views

app_name = "conventions"

urlpatterns = [
    path("clauses/", views.clause_list, name="clause_list"),
    path("clauses/proposer/", views.clause_propose, name="clause_propose"),
    path("clauses/propositions/", views.proposals, name="proposals"),
    path("clauses/propositions/<int:pk>/decision/", views.decide, name="decide"),
    path("clauses/<slug:slug>/", views.clause_detail, name="clause_detail"),
    path("clauses/<slug:slug>/discuter/", views.clause_discuss, name="clause_discuss"),
    path("conventions/", views.model_list, name="model_list"),
    path("conventions/modeles/<slug:slug>/", views.model_detail, name="model_detail"),
    path("conventions/nouveau/", views.builder_start, name="builder_start"),
    path("conventions/mes-projets/", views.my_drafts, name="my_drafts"),
    path("conventions/projets/<int:pk>/", views.draft_summary, name="draft_summary"),
    path("conventions/projets/<int:pk>/etape/<slug:step>/", views.draft_step, name="draft_step"),
    path(
        "conventions/projets/<int:pk>/mettre-a-jour/",
        views.draft_update_versions,
        name="draft_update_versions",
    ),
    path("conventions/projets/<int:pk>/partager/", views.draft_share, name="draft_share"),
    path("conventions/projets/<int:pk>/supprimer/", views.draft_delete, name="draft_delete"),
    path(
        "conventions/projets/<int:pk>/convention.<str:extension>",
        views.draft_export,
        name="draft_export",
    ),
]
