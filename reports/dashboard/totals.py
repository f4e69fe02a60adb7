"""The key figures, from validated reports only: people identified, rights opened, amounts;
summed only when the indicator is additive (counts and amounts), for each year of the campaigns
(the trend), with how many territories declared a value and how many validated a report.

A territory's figure for a year is its whole-year value, or, when it gave only quarters, the sum
of its quarters. Four queries, whatever the number of territories."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Sum

from reports.dashboard.completeness import territory_q
from reports.models import Report, ReportValue
from taxonomy.models import ResultIndicator

KEY_INDICATORS = ("personnes-reperees", "droits-ouverts", "montant-droits")


@dataclass
class Figure:
    total: Decimal | None = None
    territories: int = 0


@dataclass
class KeyIndicator:
    indicator: ResultIndicator
    by_year: dict[int, Figure] = field(default_factory=dict)

    def figure(self, year) -> Figure:
        return self.by_year.get(year, Figure())


@dataclass
class Totals:
    years: list[int]
    indicators: list[KeyIndicator]
    reporting: dict[int, int]  # validated reports per year

    def reporting_in(self, year) -> int:
        return self.reporting.get(year, 0)


def _sums(values: dict, years: list[int], indicator_ids: list[int]):
    base = ReportValue.objects.filter(
        territory_q(values, "report__territory__"),
        report__status=Report.Status.VALIDATED,
        report__year__in=years,
        indicator_id__in=indicator_ids,
    )
    whole_year = base.filter(quarter=0)
    quarters_only = base.filter(quarter__gt=0).exclude(
        Exists(
            ReportValue.objects.filter(
                report_id=OuterRef("report_id"), indicator_id=OuterRef("indicator_id"), quarter=0
            )
        )
    )
    for qs in (whole_year, quarters_only):
        yield from (
            qs.values("report__year", "indicator_id")
            .annotate(total=Sum("value"), territories=Count("report__territory_id", distinct=True))
            .order_by()
        )


def build(values: dict, years: list[int]) -> Totals:
    by_slug = {i.slug: i for i in ResultIndicator.objects.filter(slug__in=KEY_INDICATORS)}
    keys = [KeyIndicator(by_slug[slug]) for slug in KEY_INDICATORS if slug in by_slug]
    additive = {k.indicator.pk: k for k in keys if k.indicator.is_additive}
    if years and additive:
        for row in _sums(values, years, list(additive)):
            figure = additive[row["indicator_id"]].by_year.setdefault(
                row["report__year"], Figure(total=Decimal(0))
            )
            figure.total += row["total"]
            figure.territories += row["territories"]
    reporting = dict(
        Report.objects.filter(
            territory_q(values, "territory__"),
            status=Report.Status.VALIDATED,
            year__in=years,
        )
        .values_list("year")
        .annotate(count=Count("id"))
        .order_by()
    )
    return Totals(years=sorted(years), indicators=keys, reporting=reporting)
