from django.urls import path

from library.kit import views

app_name = "kit"

# Mounted at /bibliotheque/kit-evaluation/ by config/urls.py.
urlpatterns = [
    path("", views.index, name="index"),
    path("modele-collecte.xlsx", views.template_xlsx, name="template_xlsx"),
    path("modele-collecte.csv", views.template_csv, name="template_csv"),
    path("definitions.csv", views.definitions_csv, name="definitions_csv"),
    path("indicateurs/", views.indicator_list, name="indicators"),
    path("indicateurs/<slug:slug>/", views.indicator_detail, name="indicator"),
]
