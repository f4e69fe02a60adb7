from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = "Site"

    def ready(self):
        from website import cache_rules, holes  # noqa: F401 - holes registers the page holes

        cache_rules.connect_signals()

        from website import (
            rich_text,  # noqa: F401 - names the rich-text editors of StreamFields
            setup_steps,
        )

        setup_steps.register("demo", "website", _load_demo, order=20)


def _load_demo() -> str:
    from website import demo

    demo.load()
    return ""
