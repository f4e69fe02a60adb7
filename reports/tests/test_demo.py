"""The demo reports tell a campaign's stories and agree with the demo sheets."""

import pytest

from accounts import demo as accounts_demo
from practices import demo as practices_demo
from practices.models import ResultLine, Reuse
from reports import demo
from reports.models import Report, ReportValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    accounts_demo.load()
    practices_demo.load(count=28)
    return demo.load()


def test_every_territory_reports_each_year_of_its_cohort_but_one_is_late(loaded):
    from accounts.models import Territory

    for territory in Territory.objects.all():
        years = set(
            Report.objects.filter(territory=territory)
            .exclude(status=Report.Status.SUPERSEDED)
            .values_list("year", flat=True)
        )
        expected = set(range(territory.cohort, 2026))
        if territory.slug == "port-exemple":
            expected.discard(2025)
        assert years == expected, territory.slug
    statuses = dict(
        Report.objects.filter(
            year=2025, territory__slug__in=["fictiville", "montessai"]
        ).values_list("territory__slug", "status")
    )
    assert statuses == {"fictiville": "brouillon", "montessai": "a-reprendre"}
    corrected = Report.objects.get(territory__slug="val-d-essai", year=2024, version=2)
    assert corrected.corrects.status == Report.Status.SUPERSEDED and corrected.correction_reason
    assert Report.objects.filter(scaled_back=True).exclude(scaled_back_reason="").count() == 1
    assert demo.load()["created"] == 0  # idempotent


def test_figures_follow_the_kit_chain_and_sheets_never_exceed_their_territory(loaded):
    values = {
        (v.report_id, v.indicator.slug): v.value
        for v in ReportValue.objects.filter(quarter=0).select_related("indicator")
    }
    for report in Report.objects.filter(status=Report.Status.VALIDATED):
        identified, contacted, accompanied, rate = (
            values[(report.pk, slug)]
            for slug in (
                "personnes-reperees",
                "personnes-contactees",
                "personnes-accompagnees",
                "taux-droits-ouverts",
            )
        )
        assert identified >= contacted >= accompanied
        assert 0 <= rate <= 100
        quarters = ReportValue.objects.filter(
            report=report, indicator__slug="personnes-contactees", quarter__gt=0
        )
        assert sum(q.value for q in quarters) == contacted
    lines = ResultLine.objects.select_related("indicator", "sheet__territory")
    checked = 0
    for line in lines:
        report = Report.objects.filter(
            territory=line.sheet.territory, year=line.year, status=Report.Status.VALIDATED
        ).first()
        if report is None or not line.indicator.is_additive:
            continue
        assert line.value <= values[(report.pk, line.indicator.slug)], line.sheet.title
        checked += 1
    assert checked > 5
    for slug in ("personnes-reperees", "conventions-partage-donnees"):
        sharing = ResultLine.objects.filter(indicator__slug=slug)
        assert sharing.exists() and not sharing.filter(sheet__data_sharing=False).exists()
    assert Reuse.objects.exclude(own_sheet=None).count() > 3
