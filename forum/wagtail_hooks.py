"""The forum in the Wagtail admin: a menu item to the moderation queue (with the number of posts
waiting) and the management of the categories (facilitators and DGCS administrators, through
the forum.*_category model permissions given in ``website.bootstrap``)."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from forum.models import Category
from website.admin_choosers import PermissionRequiredChooserViewSet


class ModerationMenuItem(MenuItem):
    """Shown to the people who moderate the forum; the label carries the open-flag count."""

    def is_shown(self, request):
        from forum import permissions

        return permissions.can_moderate(request.user)

    def render_component(self, request):
        from forum.moderation import open_flagged_posts_count

        count = open_flagged_posts_count()
        label = f"{self.label} ({count})" if count else str(self.label)
        try:
            url = reverse("forum:moderation")
        except NoReverseMatch:  # forum URLs not installed
            url = "/forum/moderation/"
        return LinkMenuItem(
            self.name,
            label,
            url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


@hooks.register("register_admin_menu_item")
def forum_moderation_menu_item():
    return ModerationMenuItem(
        _("Modération du forum"),
        "/forum/moderation/",
        name="moderation-forum",
        icon_name="warning",
        order=350,
    )


class CategoryViewSet(SnippetViewSet):
    model = Category
    # Its chooser too is for the people who may list it (website.admin_choosers).
    chooser_viewset_class = PermissionRequiredChooserViewSet
    icon = "folder-open-inverse"
    menu_label = _("Catégories du forum")
    menu_name = "categories-forum"
    menu_order = 360
    add_to_admin_menu = True
    list_display = ["name", "visibility", "territory", "position"]
    list_filter = ["visibility"]
    search_fields = ["name", "description"]
    ordering = ["position", "name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("visibility"),
        FieldPanel("territory"),
        FieldPanel("position"),
    ]


register_snippet(CategoryViewSet)
