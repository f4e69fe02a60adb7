from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from mailer.models import OutgoingEmail
from website.admin_choosers import PermissionRequiredChooserViewSet


class OutgoingEmailViewSet(SnippetViewSet):
    """Read-only view of the outbox, so administrators see what failed and why."""

    model = OutgoingEmail
    # Its chooser too is for the people who may list it (website.admin_choosers).
    chooser_viewset_class = PermissionRequiredChooserViewSet
    icon = "mail"
    menu_label = _("E-mails envoyés")
    menu_order = 900
    add_to_admin_menu = True
    list_display = ["subject", "to", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "to",
        "subject",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
        "body_text",
    ]


register_snippet(OutgoingEmailViewSet)
