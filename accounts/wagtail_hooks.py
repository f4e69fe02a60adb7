from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from accounts.models import Membership, Region, Territory
from website.admin_choosers import PermissionRequiredChooserViewSet


class TerritoryViewSet(SnippetViewSet):
    model = Territory
    icon = "site"
    menu_label = _("Territoires")
    list_display = ["name", "kind", "departement_code", "region", "cohort", "is_active"]
    list_filter = ["kind", "region", "cohort", "is_active"]
    search_fields = ["name", "official_code", "departement_code"]
    ordering = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("official_code"),
        FieldPanel("departement_code"),
        FieldPanel("region"),
        FieldPanel("population"),
        FieldPanel("cohort"),
        FieldPanel("is_active"),
    ]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "globe"
    menu_label = _("Régions")
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class MembershipViewSet(SnippetViewSet):
    model = Membership
    # Its chooser too is for the people who may list it (website.admin_choosers).
    chooser_viewset_class = PermissionRequiredChooserViewSet
    icon = "group"
    menu_label = _("Adhésions")
    list_display = ["user", "territory", "role", "status", "created_at"]
    list_filter = ["status", "role", "territory"]
    search_fields = ["user__email", "user__last_name", "territory__name"]
    panels = [
        FieldPanel("user"),
        FieldPanel("territory"),
        FieldPanel("role"),
        FieldPanel("status"),
        FieldPanel("message", read_only=True),
        FieldPanel("decision_comment"),
    ]


class CommunityGroup(SnippetViewSetGroup):
    items = (TerritoryViewSet, RegionViewSet, MembershipViewSet)
    menu_icon = "group"
    menu_label = _("Communauté")
    menu_name = "communaute"
    menu_order = 300


register_snippet(CommunityGroup)


@hooks.register("register_admin_menu_item")
def site_link():
    return MenuItem(
        _("Voir le site"), reverse("wagtail_serve", args=[""]), icon_name="home", order=10000
    )
