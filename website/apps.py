from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = "Site"

    def ready(self):
        from website import page_cache

        page_cache.connect_signals()
