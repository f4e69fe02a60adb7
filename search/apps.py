from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "Recherche"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search import saved, signals

        signals.connect()
        saved.connect()  # saved searches: « Mon compte » section, account erasure
