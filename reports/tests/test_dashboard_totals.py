# ruff: noqa: F811 (the shared fixtures are imported, then named as arguments)
import re
from decimal import Decimal

import pytest
from django.utils.html import escape

from reports.dashboard import charts, totals
from reports.models import Report
from reports.tests.factories import ReportFactory
from reports.tests.test_dashboard_fixtures import (  # noqa: F401
    URL,
    campaigns,
    dgcs,
    dgcs_client,
)
from taxonomy.models import ResultIndicator
from tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db
VALIDATED = Report.Status.VALIDATED
ALL = {"region": "", "cohort": None, "kind": ""}


def _figure(result, slug, year):
    key = next(k for k in result.indicators if k.indicator.slug == slug)
    return key.figure(year)


def test_totals_come_from_validated_reports_only(campaigns):
    ReportFactory(year=2025, status=VALIDATED, values={"personnes-reperees": 100})
    ReportFactory(year=2025, status=VALIDATED, values={"personnes-reperees": 20.5})
    ReportFactory(year=2025, values={"personnes-reperees": 1000})  # a draft
    ReportFactory(year=2025, status=Report.Status.SUBMITTED, values={"personnes-reperees": 1})
    ReportFactory(year=2025, status=Report.Status.SUPERSEDED, values={"personnes-reperees": 7})
    TerritoryFactory()
    result = totals.build(ALL, [2024, 2025])
    figure = _figure(result, "personnes-reperees", 2025)
    assert figure.total == Decimal("120.5") and figure.territories == 2
    assert result.reporting == {2025: 2}


def test_a_territory_that_gave_only_quarters_counts_with_their_sum(campaigns):
    ReportFactory(
        year=2025, status=VALIDATED, values={("droits-ouverts", 1): 3, ("droits-ouverts", 2): 4}
    )
    ReportFactory(
        year=2025, status=VALIDATED, values={"droits-ouverts": 10, ("droits-ouverts", 1): 6}
    )
    figure = _figure(totals.build(ALL, [2025]), "droits-ouverts", 2025)
    assert figure.total == 17 and figure.territories == 2


def test_only_additive_indicators_are_summed(dgcs_client, campaigns):
    ResultIndicator.objects.filter(slug="montant-droits").update(value_kind="moyenne")
    ReportFactory(year=2025, status=VALIDATED, values={"montant-droits": 500})
    result = totals.build(ALL, [2025])
    assert _figure(result, "montant-droits", 2025).total is None
    html = dgcs_client.get(URL).content.decode()
    assert "ne s’additionne pas d’un territoire à l’autre" in html
    assert 'data-total="montant-droits"' not in html


def test_the_page_gives_each_total_with_its_definition_and_how_many_declared(
    dgcs_client, campaigns
):
    ReportFactory(year=2025, status=VALIDATED, values={"personnes-reperees": 1200})
    ReportFactory(year=2025, status=VALIDATED, values={"droits-ouverts": 5})
    TerritoryFactory()
    html = dgcs_client.get(URL).content.decode()
    pattern = r'data-total="personnes-reperees"><span class="fr-h3">(.*?)</span>'
    total = re.search(pattern, html).group(1)
    assert total.replace("\u202f", " ").replace("\xa0", " ") == "1 200"
    assert "somme de 1 territoire ayant déclaré une valeur sur 3" in html
    definition = ResultIndicator.objects.get(slug="personnes-reperees").definition
    assert definition and escape(definition) in html


def test_trends_per_year_with_the_number_of_reporting_territories(dgcs_client, campaigns):
    ReportFactory(year=2024, status=VALIDATED, values={"droits-ouverts": 10})
    for value in (10, 20):
        ReportFactory(year=2025, status=VALIDATED, values={"droits-ouverts": value})
    html = dgcs_client.get(URL).content.decode()
    table = html[html.index("Totaux des bilans validés, par année") :]
    row_2025 = re.sub(
        r"\s+", " ", re.search(r"<th scope=\"row\">2025</th>(.*?)</tr>", table, re.S)[1]
    )
    assert "<td>2</td>" in row_2025 and "30 <span" in row_2025 and "2 territoires" in row_2025
    assert 'role="img"' in html and '<title id="graphe-droits-ouverts-titre">' in html
    assert "2024 : 10 droits ; 2025 : 30 droits." in html


def test_the_chart_puts_the_highest_value_at_the_top():
    chart = charts.line_chart([(2023, Decimal(0)), (2024, None), (2025, Decimal(50))])
    assert [p.year for p in chart.points] == [2023, 2025]
    assert chart.points[1].y < chart.points[0].y == chart.baseline
    assert [y.label for y in chart.years] == ["2023", "2024", "2025"]
    assert charts.line_chart([(2025, None)]) is None


def test_territories_that_scaled_back(dgcs_client, campaigns):
    old = ReportFactory(
        year=2025, status=VALIDATED, scaled_back=True, scaled_back_reason="Ancienne raison"
    )
    ReportFactory(
        territory=old.territory,
        year=2025,
        version=2,
        corrects=old,
        scaled_back=True,
        scaled_back_reason="Départ de la chargée de mission",
    )
    ReportFactory(year=2025, scaled_back=False)
    ReportFactory(year=2024, scaled_back=True, scaled_back_reason="L’an dernier")
    html = dgcs_client.get(URL).content.decode()
    section = html[html.index('id="ambitions"') :]
    assert "Départ de la chargée de mission" in section
    assert "Ancienne raison" not in section and "L’an dernier" not in section
    assert "1 territoire sur 3 a indiqué" in section
    assert "Brouillon" in section
