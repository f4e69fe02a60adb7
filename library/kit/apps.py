from django.apps import AppConfig


class KitConfig(AppConfig):
    name = "library.kit"
    label = "kit"
    verbose_name = "Kit d’évaluation"
    default_auto_field = "django.db.models.BigAutoField"
