from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = "Comptes et territoires"


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with the form fields of our user model."""

    user_viewset = "accounts.admin_users.UserViewSet"
