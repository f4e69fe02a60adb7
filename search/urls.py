from django.urls import include, path

from search import views

app_name = "search"

urlpatterns = [
    path("", views.search_page, name="index"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("enregistrees/", include("search.saved_urls")),  # saved searches (search.saved)
]
