from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "Recherche"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search import saved, signals

        signals.connect()
        _register_holes()
        saved.connect()  # saved searches: « Mon compte » section, account erasure

        from search import visibility
        from website import setup_steps
        from website import visibility as site_visibility

        site_visibility.register(visibility.keys_for)

        from search.indexing import GRACE_SECONDS
        from website import cache_rules

        # The index itself and saved searches show on no page; the search page depends on
        # ``search``, changed once a document is indexed again, which anonymous pages may show
        # a little late (the index is updated after the commit anyway).
        cache_rules.register(
            ignored_models=("search.SearchDocument", "search.PendingIndex", "search.SavedSearch"),
            grace={"search": GRACE_SECONDS},
        )
        setup_steps.register("after_demo", "search", _rebuild_index, order=10)


def _register_holes():
    """The « Enregistrer cette recherche » block is personal (the person may have saved this
    search already): a hole of the cached search page (website.member_cache)."""
    from django.middleware.csrf import get_token
    from django.template.loader import render_to_string

    from website.member_cache import register_hole

    @register_hole("search-save")
    def search_save(request, query_string):
        from search.templatetags.saved_searches import save_block_context

        return render_to_string(
            "search/saved/_save_block.html",
            save_block_context(request, query_string, get_token(request)),
        )


def _rebuild_index() -> str:
    """Every demo object indexed at once, whatever the signals queued."""
    from search import indexing

    return f"{indexing.rebuild()} contenus dans l’index de recherche"
