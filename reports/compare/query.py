"""The comparison's figures: the territories kept by the filters and, for each of them and each
year, the whole-year value of the indicator from the report the reader may see — the validated
one, or the open version for those who may see drafts —, with its period, source, method,
status and validation date, and the value as chosen (as reported, per 1,000 inhabitants, or as a
rate of another indicator).

Three queries whatever the number of territories (the territories, the values, the published
sheets' tags folded into a subquery); the matrix is built in one pass."""

import gc
import statistics
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import Region, Territory
from practices.filters import published_sheets
from reports import permissions
from reports.compare import filters
from reports.compare.numbers import french, rounded
from reports.models import Report, ReportValue

PER_INHABITANTS_PLACES = 2
RATE_PLACES = 1
THOUSAND = Decimal(1000)
HUNDRED = Decimal(100)


VALIDATED_STATUSES = frozenset((Report.Status.VALIDATED, Report.Status.SUPERSEDED))


@dataclass(slots=True)
class Cell:
    """One value as the reader may see it. ``basis`` says what it was divided by, in words
    (written on demand: a page of 1,000 territories shows 50 of them)."""

    year: int
    value: Decimal
    unit: str
    status: str
    version: int
    source: str = ""
    method: str = ""
    validated_at: datetime | None = None
    shown: Decimal | None = None
    denominator: Decimal | int | None = None
    denominator_unit: str = ""
    missing: str = ""  # why there is nothing to show: "population", "absent", "zero"
    selection: object = None

    @property
    def is_validated(self) -> bool:
        return self.status in VALIDATED_STATUSES

    @property
    def basis(self) -> str:
        return basis(self, self.selection) if self.selection else ""


@dataclass(slots=True)
class Row:
    territory: Territory
    cells: list  # one per selected year, ``None`` where nothing was reported

    @property
    def last(self) -> Cell | None:
        return self.cells[-1]

    @property
    def last_shown(self) -> Decimal | None:
        return self.last.shown if self.last else None


@dataclass
class YearSummary:
    year: int
    count: int
    total: Decimal | None = None
    median: Decimal | None = None


@dataclass
class Comparison:
    selection: filters.Selection
    rows: list[Row]
    summaries: list[YearSummary] = field(default_factory=list)

    @property
    def indicator(self):
        return self.selection.indicator

    @property
    def years(self) -> list[int]:
        return self.selection.years

    @property
    def sums(self) -> bool:
        """Values are added up only as reported, and only for counts and amounts."""
        return self.selection.display == filters.VALUES and self.indicator.is_additive

    @property
    def has_drafts(self) -> bool:
        return any(cell and not cell.is_validated for row in self.rows for cell in row.cells)

    @property
    def last_summary(self) -> YearSummary | None:
        return self.summaries[-1] if self.summaries else None


def unit_label(selection) -> str:
    indicator = selection.indicator
    if selection.display == filters.PER_INHABITANTS:
        return _("%(unit)s pour 1 000 habitants") % {"unit": indicator.unit}
    if selection.display == filters.RATE:
        return "%"
    return indicator.unit


def places(selection) -> int:
    if selection.display == filters.PER_INHABITANTS:
        return PER_INHABITANTS_PLACES
    if selection.display == filters.RATE:
        return RATE_PLACES
    return 2


def territories(selection):
    queryset = Territory.objects.all()
    if selection.regions:
        queryset = queryset.filter(region__in=[r.pk for r in selection.regions])
    if selection.departement:
        queryset = queryset.filter(departement_code=selection.departement)
    if selection.kinds:
        queryset = queryset.filter(kind__in=selection.kinds)
    if selection.cohorts:
        queryset = queryset.filter(cohort__in=selection.cohorts)
    if selection.audience:
        sheets = published_sheets().filter(audiences=selection.audience)
        queryset = queryset.filter(pk__in=sheets.values("territory_id"))
    if selection.barrier:
        tagged = Q(barriers=selection.barrier) | Q(barriers__parent=selection.barrier)
        sheets = published_sheets().filter(tagged)
        queryset = queryset.filter(pk__in=sheets.values("territory_id"))
    return queryset.order_by("name", "pk")


VALUE_FIELDS = (
    "report_id",
    "report__territory_id",
    "report__year",
    "report__status",
    "report__version",
    "indicator_id",
    "value",
    "unit",
)
# What the exports add (the page does not show them: fewer rows to read for 1,000 territories).
DETAIL_FIELDS = ("source", "method", "report__validated_at")


def _reports(selection, user, territory_queryset, details: bool) -> dict:
    """``{(territory_id, year): {report_id: (status, {indicator_id: Cell})}}``, one query."""
    indicator = selection.indicator
    wanted = [indicator.pk]
    if selection.display == filters.RATE and indicator.rate_of_id:
        wanted.append(indicator.rate_of_id)
    values = (
        ReportValue.objects.filter(
            permissions.visible_reports_q(user, "report__"),
            quarter=0,
            indicator_id__in=wanted,
            report__year__in=selection.years,
            report__territory__in=territory_queryset.values("pk"),
        )
        .order_by()
        .values_list(*VALUE_FIELDS, *(DETAIL_FIELDS if details else ()))
    )
    found: dict = {}
    for report_id, territory_id, year, status, version, ind, value, unit, *extra in values:
        reports = found.setdefault((territory_id, year), {})
        _status, cells = reports.setdefault(report_id, (status, {}))
        cells[ind] = Cell(year, value, unit, status, version, *extra, selection=selection)
    return found


def _chosen(reports: dict, indicator_id: int):
    """The open version when there is one with the value (only those who may see drafts get
    it), else the validated one."""
    best = None
    for status, cells in reports.values():
        if indicator_id not in cells:
            continue
        if status in Report.OPEN_STATUSES:
            return cells
        best = cells
    return best


def _normalise(cell: Cell, cells: dict, territory, selection) -> None:
    if selection.display == filters.PER_INHABITANTS:
        if territory.population:
            cell.shown = rounded(cell.value * THOUSAND / territory.population, 2)
            cell.denominator = territory.population
        else:
            cell.missing = "population"
        return
    if selection.display == filters.RATE:
        denominator = cells.get(selection.indicator.rate_of_id)
        if denominator is None:
            cell.missing = "absent"
        elif not denominator.value:
            cell.missing = "zero"
        else:
            cell.shown = rounded(cell.value * HUNDRED / denominator.value, RATE_PLACES)
            cell.denominator, cell.denominator_unit = denominator.value, denominator.unit
        return
    cell.shown = cell.value


def basis(cell: Cell, selection) -> str:
    """What a value was divided by, in words; empty for a value as reported."""
    if selection.display == filters.PER_INHABITANTS:
        if cell.missing:
            return _("population inconnue")
        return _("population : %(population)s habitants") % {"population": french(cell.denominator)}
    if selection.display != filters.RATE:
        return ""
    label = selection.indicator.rate_of.label
    if cell.missing == "absent":
        return _("« %(label)s » non déclaré") % {"label": label}
    if cell.missing == "zero":
        return _("« %(label)s » égal à zéro") % {"label": label}
    return _("en pourcentage de « %(label)s » : %(value)s %(unit)s") % {
        "label": label,
        "value": french(cell.denominator),
        "unit": cell.denominator_unit,
    }


def _summaries(rows: list[Row], years: list[int], sums: bool) -> list[YearSummary]:
    summaries = []
    for index, year in enumerate(years):
        shown = [row.cells[index].shown for row in rows if row.cells[index]]
        shown = [value for value in shown if value is not None]
        summary = YearSummary(year, len(shown))
        if shown and sums:
            summary.total = sum(shown, Decimal(0))
        elif shown:
            summary.median = Decimal(statistics.median(shown))
        summaries.append(summary)
    return summaries


def _sorted(rows: list[Row], sort: str) -> list[Row]:
    if sort == filters.SORT_REGION:
        return sorted(rows, key=lambda r: (r.territory.region.name, r.territory.name))
    if sort in (filters.SORT_DESC, filters.SORT_ASC):
        sign = -1 if sort == filters.SORT_DESC else 1
        known = [r for r in rows if r.last_shown is not None]
        unknown = [r for r in rows if r.last_shown is None]
        return sorted(known, key=lambda r: (sign * r.last_shown, r.territory.name)) + unknown
    return rows


@contextmanager
def _collector_paused():
    """The matrix of 1,000 territories is tens of thousands of short-lived objects without
    cycles (freed as soon as the request ends): left on, the cyclic garbage collector would
    run full collections of the whole process while they are built, for nothing to collect."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def compare(selection, user, details: bool = False) -> Comparison:
    """The comparison; ``details`` adds each value's source, method and validation date."""
    if selection.indicator is None:
        return Comparison(selection, [])
    with _collector_paused():
        return _compare(selection, user, details)


def _compare(selection, user, details: bool) -> Comparison:
    territory_queryset = territories(selection)
    found = _reports(selection, user, territory_queryset, details)
    regions = Region.objects.in_bulk()  # one of each, rather than one per territory
    indicator_id = selection.indicator.pk
    rows = []
    for territory in territory_queryset:
        territory.region = regions[territory.region_id]
        row_cells = []
        for year in selection.years:
            cells = _chosen(found.get((territory.pk, year), {}), indicator_id)
            cell = cells[indicator_id] if cells else None
            if cell:
                _normalise(cell, cells, territory, selection)
            row_cells.append(cell)
        rows.append(Row(territory, row_cells))
    comparison = Comparison(selection, _sorted(rows, selection.sort))
    comparison.summaries = _summaries(rows, selection.years, comparison.sums)
    return comparison
