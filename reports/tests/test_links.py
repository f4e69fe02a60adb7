"""A sheet's result links to its territory's validated report for the same indicator and
year; never to a draft, another year or another territory's."""

import pytest

from practices.tests.factories import PracticeSheetFactory
from reports.models import Report
from reports.tests.factories import ReportFactory
from tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def test_a_sheet_result_links_to_the_validated_report_of_its_year(client):
    territory = TerritoryFactory(name="Fictiville", slug="fictiville")
    sheet = PracticeSheetFactory(territory=territory, results=[("droits-ouverts", 120)])
    sheet.results.update(year=2024)
    ReportFactory(
        territory=territory,
        year=2024,
        status=Report.Status.VALIDATED,
        values={"droits-ouverts": 1350},
    )
    ReportFactory(territory=territory, year=2025, values={"droits-ouverts": 9})
    ReportFactory(year=2024, status=Report.Status.VALIDATED, values={"droits-ouverts": 77})
    content = client.get(sheet.url).content.decode()
    assert 'href="/bilans/fictiville/2024/#indicateur-droits-ouverts"' in content
    plain = content.replace("\xa0", " ").replace("\u202f", " ")
    assert "Bilan 2024 validé du territoire : 1 350 droits" in plain
    assert "/bilans/fictiville/2025/" not in content and "77" not in content


def test_no_link_without_a_validated_report(client):
    territory = TerritoryFactory()
    sheet = PracticeSheetFactory(territory=territory, results=[("droits-ouverts", 120)])
    sheet.results.update(year=2025)
    ReportFactory(territory=territory, year=2025, values={"droits-ouverts": 9})
    content = client.get(sheet.url).content.decode()
    assert "/bilans/" not in content.split("titre-resultats")[1][:3000]
