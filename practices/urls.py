"""Plain views of the practice sheets under /fiches/ (the sheets and their index are Wagtail
pages): writing a sheet on the site, reviewing it."""

from django.urls import path

from practices import review_views

app_name = "practices"

urlpatterns: list = [
    path("relecture/<int:pk>/", review_views.review_sheet, name="review"),
]
