from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = "Fiches pratiques"

    def ready(self):
        from practices import (  # noqa: F401 - browse, sheet_csv, sheet_views: the pages' routes
            browse,
            permissions,
            sheet_csv,
            sheet_views,
            signals,
        )
        from practices.home import latest_sheets_section
        from practices.models import PracticeSheetPage
        from website import cache_rules, home_sections, page_access

        home_sections.register(
            "practices", latest_sheets_section, order=10, scopes=("practices", "territories")
        )
        # Messages to a sheet's contact show on no page.
        cache_rules.register(ignored_models=("practices.ContactMessage",))
        # Attachments of a draft (or restricted) sheet: its territory's team and staff only.
        page_access.register(PracticeSheetPage, insiders=permissions.can_view_sheet)

        from accounts import dashboard_sections
        from practices.dashboard import team_sheets_section
        from practices.review_desk import review_desk_section

        dashboard_sections.register("team_sheets", team_sheets_section, order=20)
        dashboard_sections.register("review_desk", review_desk_section, order=15)

        from practices import services
        from website import setup_steps

        setup_steps.register("bootstrap", "practices", services.ensure_sections, order=10)
        setup_steps.register("demo", "practices", _load_demo, order=30)


def _load_demo() -> str:
    from practices import demo

    return f"{demo.load()['created']} nouvelles fiches"
