"""The title the admin's page chooser shows: the published one, unless the person may edit the
page. Wagtail's chooser shows a page's latest draft title (``get_admin_display_title``), so a
team browsing for a link would read the unpublished title of another territory's live sheet.

``with_chooser_titles`` (the chooser hook in website.wagtail_hooks, run after the apps' own
hooks) annotates each listed page with ``chooser_title``; page models that carry drafts mix in
``ChooserTitleMixin``, whose ``get_admin_display_title`` reads it. Elsewhere in the admin the
annotation is absent and the draft title shows, as Wagtail does."""

from django.db.models import Case, CharField, F, When
from wagtail.permission_policies.pages import PagePermissionPolicy

ANNOTATION = "chooser_title"


class ChooserTitleMixin:
    """For a Wagtail page model (before ``Page`` in its bases)."""

    def get_admin_display_title(self):
        return getattr(self, ANNOTATION, None) or super().get_admin_display_title()


def with_chooser_titles(pages, user):
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(
        user, ["change", "publish"]
    )
    return pages.annotate(
        **{
            ANNOTATION: Case(
                When(pk__in=editable.values("pk"), then=F("draft_title")),
                default=F("title"),
                output_field=CharField(),
            )
        }
    )
