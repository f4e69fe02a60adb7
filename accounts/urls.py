from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("profil/", views.profile, name="profile"),
    path("preferences/", views.preferences, name="preferences"),
    path("mes-donnees/", views.personal_data, name="personal_data"),
    path("mes-donnees/export.json", views.personal_data_export, name="personal_data_export"),
    path("supprimer-mon-compte/", views.delete_account, name="delete_account"),
    path("territoires/rejoindre/", views.request_membership, name="request_membership"),
    path("adhesions/<int:pk>/annuler/", views.cancel_membership, name="cancel_membership"),
    path("adhesions/<int:pk>/decision/", views.decide_membership, name="decide_membership"),
    path("adhesions/<int:pk>/role/", views.change_member_role, name="change_member_role"),
    path("territoires/<slug:slug>/equipe/", views.territory_team, name="territory_team"),
]
