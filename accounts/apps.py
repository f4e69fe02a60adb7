from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = "Comptes et territoires"

    def ready(self):
        from accounts import caching
        from website import setup_steps

        caching.register()

        setup_steps.register("demo", "accounts", _load_demo, order=10)


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with the form fields of our user model."""

    user_viewset = "accounts.admin_users.UserViewSet"


def _load_demo() -> str:
    from accounts import demo

    result = demo.load()
    return (
        f"{len(result['territories'])} territoires, {len(result['people'])} comptes "
        f"(mot de passe : {demo.DEMO_PASSWORD})"
    )
