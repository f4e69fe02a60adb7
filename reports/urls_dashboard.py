"""URLs of the national dashboard (included by reports/urls.py): the page, with its CSV export
(``?format=csv``) and the full list of reuses (``?reprises=toutes``), and the reminders."""

from django.urls import path

from reports.dashboard import remind_views, views

urlpatterns = [
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    path("tableau-de-bord/relancer/", remind_views.remind, name="remind"),
]
