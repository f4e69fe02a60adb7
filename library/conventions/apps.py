from django.apps import AppConfig


class ConventionsConfig(AppConfig):
    name = "library.conventions"
    label = "conventions"
    verbose_name = "Conventions"
    default_auto_field = "django.db.models.BigAutoField"
