from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Fiches pratiques"

    def ready(self):
        from practices import signals  # noqa: F401
