"""Plain views of the library under /bibliotheque/ (the index and the document pages are
Wagtail pages; see ``library.models``)."""

from django.urls import path

from library import views

app_name = "library"
urlpatterns = [
    path("fichiers/<int:version_id>/<str:filename>", views.download, name="download"),
]
