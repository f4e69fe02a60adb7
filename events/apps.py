from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Événements"

    def ready(self):
        from events import caching, registration_views, signals, views  # noqa: F401 - the routes
        from events.home import upcoming_events_section
        from website import home_sections

        caching.register()
        home_sections.register(
            "events", upcoming_events_section, order=15, scopes=("events", "territories")
        )

        from accounts import dashboard_sections, personal_data
        from events import services
        from events.dashboard import registrations_section

        dashboard_sections.register("events", registrations_section, order=50)
        from website import setup_steps

        personal_data.register_eraser(services.cancel_future_registrations)

        from events import bootstrap

        setup_steps.register("bootstrap", "events", bootstrap.ensure, order=30)
        setup_steps.register("demo", "events", _load_demo, order=50)


def _load_demo() -> str:
    from events import demo

    return f"{demo.load()['created']} nouveaux événements"
