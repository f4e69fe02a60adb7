"""URLs of « Comparer les territoires » (included by reports/urls.py)."""

from django.urls import path, re_path

from reports.compare import views

urlpatterns: list = [
    path("comparer/", views.compare, name="compare"),
    re_path(r"^comparer/export\.(?P<fmt>csv|xlsx)$", views.export, name="compare_export"),
]
