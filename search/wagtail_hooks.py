from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search.admin_views import SearchIndexView


@hooks.register("register_admin_urls")
def register_search_index_url():
    return [path("recherche/index/", SearchIndexView.as_view(), name="search_index_status")]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_search_index_menu_item():
    return SuperuserMenuItem(
        _("Index de recherche"), reverse("search_index_status"), icon_name="search", order=900
    )
