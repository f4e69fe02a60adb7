"""Plain views of the practice sheets under /fiches/ (the sheets and their index are Wagtail
pages): writing a sheet on the site, reviewing it."""

from django.urls import path  # noqa: F401 - the routes are added by the writing and review views

app_name = "practices"

urlpatterns: list = []
