from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Bilans des indicateurs"

    def ready(self):
        from accounts import dashboard_sections
        from reports import bootstrap, permissions  # noqa: F401
        from reports.dashboard_sections import reports_section
        from website import setup_steps

        dashboard_sections.register("reports", reports_section, order=25)
        setup_steps.register("bootstrap", "reports", bootstrap.ensure, order=30)
