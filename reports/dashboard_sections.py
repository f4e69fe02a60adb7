"""The « Mes bilans » section of « Mon compte » (accounts.dashboard_sections): for people in a
territory's team, what their reports need (to start, to finish, to validate) and a link to
/bilans/. Nothing for people without a membership. Two queries besides the person's team ids
(cached on the user): the open campaigns and the reports of their territories."""

from django.template.loader import render_to_string

from accounts.permissions import member_territory_ids, referent_territory_ids
from reports.models import Report, ReportingCampaign


def reports_section(request) -> str:
    user = request.user
    territory_ids = member_territory_ids(user)
    if not territory_ids:
        return ""
    open_years = list(ReportingCampaign.objects.filter(is_open=True).values_list("year", flat=True))
    reports = list(
        Report.objects.filter(territory_id__in=territory_ids, status__in=Report.OPEN_STATUSES)
        .select_related("territory")
        .order_by("-year", "territory__name")
    )
    statuses = [(report.territory_id, report.status) for report in reports]
    referent_ids = referent_territory_ids(user)
    return render_to_string(
        "reports/workflow/dashboard_section.html",
        {
            "open_years": sorted(open_years, reverse=True),
            "drafts": sum(1 for _t, s in statuses if s in Report.EDITABLE_STATUSES),
            # The reports the team has to finish: one click to each (at most three).
            "editable": [r for r in reports if r.status in Report.EDITABLE_STATUSES][:3],
            "to_validate": sum(
                1 for t, s in statuses if s == Report.Status.SUBMITTED and t in referent_ids
            ),
        },
        request=request,
    )
