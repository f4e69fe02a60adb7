from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Fiches pratiques"

    def ready(self):
        from practices import signals  # noqa: F401
        from practices.home import latest_sheets_section
        from website import home_sections

        home_sections.register("practices", latest_sheets_section, order=10)
