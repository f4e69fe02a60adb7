"""What the pages show, read in a fixed number of queries whatever the number of indicators,
territories or years: the report's table (one row per indicator of the kit, grouped by family),
its history and versions, and the lines of « Mes bilans »."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q

from library.kit.services import active_indicators, indicator_families
from reports import permissions, services
from reports.models import Report, ReportEvent, ReportingCampaign
from taxonomy.models import ResultIndicator

# --- one report -------------------------------------------------------------------------------


def report_indicators(report: Report | None, values=()):
    """The kit's active indicators, and the retired ones the report still has a value for."""
    used = {v.indicator_id for v in values}
    if not used:
        return list(active_indicators())
    return list(
        ResultIndicator.objects.filter(Q(is_active=True) | Q(pk__in=used)).order_by(
            "position", "label"
        )
    )


def value_table(report: Report) -> list[dict]:
    """Families of rows: the indicator, its year's value, its quarters (quarterly indicators),
    and the comparison value (last year's validated one, or the corrected version's)."""
    values = list(report.values.all())
    by_key = {(v.indicator_id, v.quarter): v for v in values}
    previous = services.previous_values(report)
    families = indicator_families(report_indicators(report, values))
    for family in families:
        family["rows"] = [
            {
                "indicator": indicator,
                "value": by_key.get((indicator.pk, 0)),
                "quarters": [by_key.get((indicator.pk, q)) for q in (1, 2, 3, 4)]
                if indicator.quarterly
                else [],
                "previous": previous.get((indicator.pk, 0)),
            }
            for indicator in family["indicators"]
        ]
    return families


def empty_indicators(families) -> list:
    """The indicators left without any value (listed before the report is sent)."""
    return [
        row["indicator"]
        for family in families
        for row in family["rows"]
        if row["value"] is None and not any(row["quarters"])
    ]


def versions_of(territory, year: int, user) -> list[Report]:
    """Every version of the territory's year this person may see, oldest first."""
    qs = Report.objects.filter(territory=territory, year=year).select_related("validated_by")
    if not permissions.can_see_drafts_of(user, territory):
        qs = qs.filter(status__in=(Report.Status.VALIDATED, Report.Status.SUPERSEDED))
    return list(qs.order_by("version"))


def history(versions) -> list[ReportEvent]:
    return list(
        ReportEvent.objects.filter(report__in=versions)
        .select_related("user", "report")
        .order_by("at", "pk")
    )


# --- « Mes bilans » ---------------------------------------------------------------------------


@dataclass
class Line:
    """A territory's year: its current report (open version first, else the validated one)."""

    territory: object
    year: int
    report: Report | None = None
    campaign: ReportingCampaign | None = None
    can_start: bool = False

    @property
    def status(self) -> str:
        return self.report.status if self.report else NOT_STARTED

    @property
    def due_on(self) -> date | None:
        return self.campaign.due_on if self.campaign else None

    @property
    def updated_at(self) -> datetime | None:
        return self.report.updated_at if self.report else None


NOT_STARTED = "non-commence"


def current_by_territory_year(reports) -> dict[tuple[int, int], Report]:
    """The report each (territory, year) shows: an open version before the validated one."""
    current: dict[tuple[int, int], Report] = {}
    for report in reports:
        key = (report.territory_id, report.year)
        shown = current.get(key)
        if shown is None or (report.is_open and not shown.is_open):
            current[key] = report
    return current


def _reports(territory_ids, user, years=None):
    qs = Report.objects.exclude(status=Report.Status.SUPERSEDED).filter(
        permissions.visible_reports_q(user)
    )
    if territory_ids is not None:
        qs = qs.filter(territory_id__in=territory_ids)
    if years is not None:
        qs = qs.filter(year__in=years)
    return qs


def team_lines(user, territories) -> list[Line]:
    """The person's territories × the campaigns' years and the years they have a report for,
    newest year first."""
    campaigns = {c.year: c for c in ReportingCampaign.objects.all()}
    territory_ids = [t.pk for t in territories]
    current = current_by_territory_year(_reports(territory_ids, user))
    years = sorted({*campaigns, *(year for _t, year in current)}, reverse=True)
    lines = []
    for year in years:
        campaign = campaigns.get(year)
        for territory in territories:
            report = current.get((territory.pk, year))
            if report is None and not (campaign and campaign.is_open):
                continue  # a closed year never started: nothing to do or read
            lines.append(
                Line(
                    territory,
                    year,
                    report,
                    campaign,
                    can_start=report is None and permissions.can_draft_for(user, territory),
                )
            )
    return lines


def to_validate(territory_ids) -> list[Report]:
    return list(
        Report.objects.filter(territory_id__in=territory_ids, status=Report.Status.SUBMITTED)
        .select_related("territory")
        .order_by("submitted_at", "territory__name")
    )


def all_lines(user, year: int, territories) -> list[Line]:
    """Every territory for ``year`` (facilitators and the DGCS)."""
    campaign = ReportingCampaign.objects.filter(year=year).first()
    current = current_by_territory_year(_reports(None, user, years=[year]))
    return [Line(t, year, current.get((t.pk, year)), campaign) for t in territories]
