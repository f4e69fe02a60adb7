from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Événements"

    def ready(self):
        from events import signals  # noqa: F401
        from events.home import upcoming_events_section
        from website import home_sections

        home_sections.register("events", upcoming_events_section, order=15)

        from website import setup_steps

        setup_steps.register("demo", "events", _load_demo, order=50)


def _load_demo() -> str:
    from events import demo

    return f"{demo.load()['created']} nouveaux événements"
