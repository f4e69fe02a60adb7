"""Which territories reported for which year: one row per territory, one cell per campaign (most
recent first), the counts per year, the last reminder of the selected year. Five queries,
whatever the number of territories (territories, reports, reminders, teams, campaigns)."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Territory
from reports.dashboard import filters as f
from reports.dashboard.formatting import french_date
from reports.models import Report, ReportingCampaign, ReportReminder

YEARS_SHOWN = 4

BADGES = {
    f.VALIDATED: "fr-badge--success",
    f.SUBMITTED: "fr-badge--info",
    f.CHANGES_REQUESTED: "fr-badge--warning",
    f.DRAFT: "fr-badge--purple-glycine",
    f.NOTHING: "",
}
# « Trier par état »: what needs attention first.
STATE_ORDER = [f.NOTHING, f.DRAFT, f.CHANGES_REQUESTED, f.SUBMITTED, f.VALIDATED]


@dataclass
class Cell:
    year: int
    state: str
    label: str
    late: bool = False
    correction_open: bool = False

    @property
    def badge(self) -> str:
        return BADGES[self.state]


@dataclass
class Row:
    territory: Territory
    cells: list[Cell]
    current: Cell | None
    members: int = 0
    last_reminder: object = None
    reminders: int = 0

    @property
    def last_reminder_label(self) -> str:
        return french_date(self.last_reminder)

    @property
    def reminded_today(self) -> bool:
        return bool(self.last_reminder) and (
            timezone.localtime(self.last_reminder).date() == timezone.localdate()
        )


@dataclass
class YearCount:
    campaign: ReportingCampaign
    validated: int = 0
    late: int = 0
    total: int = 0

    @property
    def due_on_label(self) -> str:
        return french_date(self.campaign.due_on)

    @property
    def is_past_due(self) -> bool:
        return self.campaign.due_on < timezone.localdate()


@dataclass
class Completeness:
    campaigns: list[ReportingCampaign]
    year: int | None
    rows: list[Row] = field(default_factory=list)
    counts: list[YearCount] = field(default_factory=list)
    territory_count: int = 0

    @property
    def selected_count(self) -> YearCount | None:
        return next((c for c in self.counts if c.campaign.year == self.year), None)


def recent_campaigns(limit: int = YEARS_SHOWN) -> list[ReportingCampaign]:
    return list(ReportingCampaign.objects.order_by("-year")[:limit])


def territory_q(values: dict, prefix: str = "") -> Q:
    """The territories the filters keep (region, cohort, kind), as a filter on a relation."""
    q = Q(**{f"{prefix}is_active": True})
    if values.get("region"):
        q &= Q(**{f"{prefix}region__slug": values["region"]})
    if values.get("cohort"):
        q &= Q(**{f"{prefix}cohort": values["cohort"]})
    if values.get("kind"):
        q &= Q(**{f"{prefix}kind": values["kind"]})
    return q


def _report_states(values: dict, years: list[int]) -> dict:
    """{(territory id, year): {"open": status, "validated_at": datetime}} in one query."""
    states: dict = {}
    rows = (
        Report.objects.filter(territory_q(values, "territory__"), year__in=years)
        .exclude(status=Report.Status.SUPERSEDED)
        .values_list("territory_id", "year", "status", "validated_at")
    )
    for territory_id, year, status, validated_at in rows:
        state = states.setdefault((territory_id, year), {})
        if status == Report.Status.VALIDATED:
            state["validated_at"] = validated_at
        else:
            state["open"] = status
    return states


def _cell(campaign: ReportingCampaign, state: dict | None, today: date) -> Cell:
    state = state or {}
    year = campaign.year
    if "validated_at" in state:
        label = _("Validé le %(date)s") % {"date": french_date(state["validated_at"])}
        return Cell(year, f.VALIDATED, label, correction_open="open" in state)
    status = state.get("open")
    if status is None:
        cell = Cell(year, f.NOTHING, _("Rien de saisi"))
    else:
        cell = Cell(year, status, str(Report.Status(status).label))
    cell.late = campaign.due_on < today
    return cell


def _team_sizes(values: dict) -> dict[int, int]:
    rows = (
        Membership.objects.filter(
            territory_q(values, "territory__"),
            status=Membership.Status.ACCEPTED,
            user__is_active=True,
        )
        .values("territory_id")
        .annotate(people=Count("user_id", distinct=True))
    )
    return {row["territory_id"]: row["people"] for row in rows}


def _reminders(values: dict, year: int | None) -> dict[int, dict]:
    rows = (
        ReportReminder.objects.filter(territory_q(values, "territory__"), year=year)
        .values("territory_id")
        .annotate(last=Max("sent_at"), count=Count("id"))
    )
    return {row["territory_id"]: row for row in rows}


def _sort(rows: list[Row], values: dict) -> list[Row]:
    def state_rank(row):
        return STATE_ORDER.index(row.current.state) if row.current else 0

    keys = {
        "nom": lambda row: row.territory.name.lower(),
        "region": lambda row: (row.territory.region.name, row.territory.name.lower()),
        "etat": lambda row: (state_rank(row), row.territory.name.lower()),
    }
    rows = sorted(rows, key=keys[values["sort"]])
    if values["late_first"]:
        rows.sort(key=lambda row: not (row.current and row.current.late))  # stable
    return rows


def _keeps(row: Row, state: str) -> bool:
    if not state:
        return True
    if row.current is None:
        return False
    return row.current.late if state == f.LATE else row.current.state == state


def build(values: dict, campaigns: list[ReportingCampaign]) -> Completeness:
    """The table for the filters ``values`` (see ``DashboardFilters.values``)."""
    years = [c.year for c in campaigns]
    result = Completeness(campaigns=campaigns, year=values["year"])
    territories = list(Territory.objects.filter(territory_q(values)).select_related("region"))
    states = _report_states(values, years) if years else {}
    teams = _team_sizes(values)
    reminders = _reminders(values, values["year"])
    today = timezone.localdate()
    counts = {c.year: YearCount(campaign=c, total=len(territories)) for c in campaigns}
    rows = []
    for territory in territories:
        cells = [_cell(c, states.get((territory.pk, c.year)), today) for c in campaigns]
        for cell in cells:
            counts[cell.year].validated += cell.state == f.VALIDATED
            counts[cell.year].late += cell.late
        reminder = reminders.get(territory.pk, {})
        current = next((c for c in cells if c.year == values["year"]), None)
        rows.append(
            Row(
                territory,
                cells,
                current,
                members=teams.get(territory.pk, 0),
                last_reminder=reminder.get("last"),
                reminders=reminder.get("count", 0),
            )
        )
    result.territory_count = len(territories)
    result.counts = [counts[year] for year in years]
    result.rows = _sort([row for row in rows if _keeps(row, values["state"])], values)
    return result
