from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("profil/", views.profile, name="profile"),
    path("preferences/", views.preferences, name="preferences"),
    path("territoires/rejoindre/", views.request_membership, name="request_membership"),
    path("adhesions/<int:pk>/annuler/", views.cancel_membership, name="cancel_membership"),
    path("adhesions/<int:pk>/decision/", views.decide_membership, name="decide_membership"),
    path("adhesions/<int:pk>/role/", views.change_member_role, name="change_member_role"),
    path("territoires/<slug:slug>/equipe/", views.territory_team, name="territory_team"),
]
