from django.apps import AppConfig


class KitConfig(AppConfig):
    name = "library.kit"
    label = "kit"
    verbose_name = "Kit d’évaluation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from website import setup_steps

        setup_steps.register("demo", "kit", _load_demo, order=70)


def _load_demo() -> str:
    from library.kit import demo

    return f"{demo.load().get('created', 0)} nouveaux indicateurs du kit"
