"""The reports in the Wagtail admin, menu « Bilans »: the yearly campaigns, edited by the
facilitators and the DGCS administrators; the reports, listed read-only (they are filled,
sent and validated on the site, /bilans/)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from reports.models import Report, ReportingCampaign
from website.admin_choosers import PermissionRequiredChooserViewSet


class CampaignViewSet(SnippetViewSet):
    model = ReportingCampaign
    chooser_viewset_class = PermissionRequiredChooserViewSet
    icon = "date"
    menu_label = _("Campagnes")
    list_display = ["year", "due_on", "is_open"]
    list_filter = ["is_open"]
    ordering = ["-year"]
    panels = [FieldPanel("year"), FieldPanel("due_on"), FieldPanel("is_open")]


class ReportViewSet(SnippetViewSet):
    """Read-only: only the ``view`` permission is given (reports.bootstrap)."""

    model = Report
    chooser_viewset_class = PermissionRequiredChooserViewSet
    icon = "table"
    menu_label = _("Bilans des territoires")
    list_display = ["territory", "year", "version", "status", "validated_at"]
    list_filter = ["year", "status", "scaled_back", "territory__region"]
    search_fields = ["territory__name"]
    ordering = ["territory__name", "-year", "-version"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "territory",
        "year",
        "version",
        "status",
        "correction_reason",
        "scaled_back",
        "scaled_back_reason",
        "submitted_at",
        "validated_by",
        "validated_at",
    ]


class ReportsGroup(SnippetViewSetGroup):
    items = (CampaignViewSet, ReportViewSet)
    menu_icon = "table"
    menu_label = _("Bilans")
    menu_name = "bilans"
    menu_order = 350


register_snippet(ReportsGroup)
