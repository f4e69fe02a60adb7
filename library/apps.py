from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    label = "library"
    verbose_name = "Bibliothèque"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts import dashboard_sections
        from library import (
            permissions,
            signals,  # noqa: F401
            views,  # noqa: F401 - registers the pages' routes (website.page_views)
        )
        from library.dashboard import documents_section
        from library.home import latest_documents_section
        from library.models import LibraryDocumentPage
        from website import cache_rules, home_sections, page_access

        home_sections.register(
            "library", latest_documents_section, order=40, scopes=("library", "territories")
        )
        # Files are served by a view that checks access: never cached whole.
        cache_rules.register(private_prefixes=("/bibliotheque/fichiers/",))
        page_access.register(
            LibraryDocumentPage,
            insiders=permissions.can_view_draft,
            listed=permissions.visible_documents,
        )
        dashboard_sections.register("library_documents", documents_section, order=35)

        from library import bootstrap
        from website import setup_steps

        setup_steps.register("bootstrap", "library", bootstrap.ensure, order=20)
        setup_steps.register("demo", "library", _load_demo, order=60)


def _load_demo() -> str:
    from library import demo

    return f"{demo.load().get('created', 0)} nouveaux documents en bibliothèque"
