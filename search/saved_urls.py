"""/recherche/enregistrees/… (included in the ``search`` namespace by search/urls.py)."""

from django.urls import path

from search import saved_views

urlpatterns = [
    path("", saved_views.saved_list, name="saved_list"),
    path("nouvelle/", saved_views.saved_create, name="saved_create"),
    path("<int:pk>/modifier/", saved_views.saved_edit, name="saved_edit"),
    path("<int:pk>/alertes/", saved_views.saved_toggle, name="saved_toggle"),
    path("<int:pk>/supprimer/", saved_views.saved_delete, name="saved_delete"),
    path("desabonnement/<str:token>/", saved_views.saved_unsubscribe, name="saved_unsubscribe"),
]
