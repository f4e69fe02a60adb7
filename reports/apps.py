from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Bilans des indicateurs"

    def ready(self):
        from reports import permissions  # noqa: F401
