from django.apps import AppConfig


class ConventionsConfig(AppConfig):
    name = "library.conventions"
    label = "conventions"
    verbose_name = "Conventions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts import dashboard_sections
        from library.conventions.dashboard import conventions_section

        dashboard_sections.register("conventions", conventions_section, order=30)

        from website import cache_rules

        cache_rules.register(ignored_models=("conventions.ConventionDraft",))

        from website import setup_steps

        setup_steps.register("demo", "conventions", _load_demo, order=80)


def _load_demo() -> str:
    from library.conventions import demo

    return f"{demo.load().get('created', 0)} nouvelles clauses"
