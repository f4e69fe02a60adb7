"""URLs of the imports part (included by reports/urls.py): the filled collection template
uploaded, checked and confirmed; the downloads of the report and of the pre-filled template."""

from django.urls import path, re_path

from reports.imports import downloads, views

TERRITORY_YEAR = r"^(?P<territory>[-\w]+)/(?P<year>[0-9]{4})/"
FORMAT = r"(?P<fmt>xlsx|csv)$"

urlpatterns = [
    path("<slug:territory>/<int:year>/importer/", views.upload, name="import"),
    path(
        "<slug:territory>/<int:year>/importer/<int:pk>/",
        views.review_page,
        name="import_review",
    ),
    re_path(
        TERRITORY_YEAR + r"importer/(?P<pk>[0-9]+)/compte-rendu\." + FORMAT,
        views.problems_download,
        name="import_problems",
    ),
    re_path(TERRITORY_YEAR + r"bilan\." + FORMAT, downloads.report_download, name="download"),
    re_path(TERRITORY_YEAR + r"modele\." + FORMAT, downloads.template_download, name="template"),
]
