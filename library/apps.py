from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    label = "library"
    verbose_name = "Bibliothèque"
    default_auto_field = "django.db.models.BigAutoField"
