"""A link to the national dashboard in the Wagtail admin menu, for the people who may open it
(facilitators, DGCS administrators). Imported by ``ReportsConfig.ready()``."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        from reports import permissions

        return permissions.can_view_dashboard(request.user)


@hooks.register("register_admin_menu_item")
def reports_dashboard_menu_item():
    return DashboardMenuItem(
        _("Tableau de bord des bilans"),
        reverse("reports:dashboard"),
        name="tableau-de-bord-bilans",
        icon_name="table",
        order=340,
    )
