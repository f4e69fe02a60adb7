"""URLs of the reports workflow pages (included by reports/urls.py): « Mes bilans », one
territory's year, its form, sending, validation and corrections."""

from django.urls import path

from reports.workflow import views_actions, views_list, views_report

REPORT = "<slug:territory>/<int:year>/"

urlpatterns: list = [
    path("", views_list.index, name="index"),
    path(f"{REPORT}commencer/", views_list.start, name="start"),
    path(REPORT, views_report.detail, name="detail"),
    path(f"{REPORT}saisir/", views_report.edit, name="edit"),
    path(f"{REPORT}envoyer/", views_actions.submit, name="submit"),
    path(f"{REPORT}decision/", views_actions.decide, name="decide"),
    path(f"{REPORT}corriger/", views_actions.correct, name="correct"),
]
