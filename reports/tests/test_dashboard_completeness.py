# ruff: noqa: F811 (the shared fixtures are imported, then named as arguments)
import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Region, Territory
from practices.models import Reuse
from practices.tests.factories import PracticeSheetFactory
from reports.models import Report, ReportReminder
from reports.tests.factories import ReportFactory
from reports.tests.test_dashboard_fixtures import (  # noqa: F401
    URL,
    campaigns,
    dgcs,
    dgcs_client,
)
from tests.factories import MembershipFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


def _row(html, territory):
    match = re.search(rf'<tr data-territoire="{territory.slug}">(.*?)</tr>', html, re.S)
    assert match, f"no row for {territory}"
    return match.group(1)


def _cell(html, territory, year):
    row = _row(html, territory)
    match = re.search(rf'<td data-annee="{year}">(.*?)</td>', row, re.S)
    return re.sub(r"\s+", " ", match.group(1))


def test_each_cell_says_the_state_of_the_report_in_words(dgcs_client, campaigns):
    validated = ReportFactory(year=2025, status=Report.Status.VALIDATED).territory
    submitted = ReportFactory(year=2025, status=Report.Status.SUBMITTED).territory
    back = ReportFactory(year=2025, status=Report.Status.CHANGES_REQUESTED).territory
    draft = ReportFactory(year=2025).territory
    nothing = TerritoryFactory()
    html = dgcs_client.get(URL).content.decode()
    assert "Validé le" in _cell(html, validated, 2025)
    assert "fr-badge--success" in _cell(html, validated, 2025)
    assert "En attente de validation" in _cell(html, submitted, 2025)
    assert "À reprendre" in _cell(html, back, 2025)
    assert "Brouillon" in _cell(html, draft, 2025)
    assert "Rien de saisi" in _cell(html, nothing, 2025)
    # 2025 is not due yet: nobody is late; 2024 is past due: everyone without a validated one.
    assert "En retard" not in _row(html, draft).split('data-annee="2024"')[0]
    assert "En retard" in _cell(html, draft, 2024)
    assert "En retard" in _cell(html, nothing, 2024)


def test_late_is_past_due_without_a_validated_report(dgcs_client, campaigns):
    on_time = ReportFactory(year=2024, status=Report.Status.VALIDATED).territory
    corrected = ReportFactory(year=2024, status=Report.Status.VALIDATED)
    ReportFactory(territory=corrected.territory, year=2024, version=2, corrects=corrected)
    late = ReportFactory(year=2024, status=Report.Status.SUBMITTED).territory
    html = dgcs_client.get(URL + "?annee=2024").content.decode()
    assert "En retard" not in _cell(html, on_time, 2024)
    cell = _cell(html, corrected.territory, 2024)
    assert "Validé le" in cell and "Correction en cours" in cell and "En retard" not in cell
    assert "En retard" in _cell(html, late, 2024)
    assert "2 validés sur 3" in html and "1 en retard" in html


def test_the_counts_per_year(dgcs_client, campaigns):
    for _ in range(2):
        ReportFactory(year=2025, status=Report.Status.VALIDATED)
    ReportFactory(year=2025)
    ReportFactory(year=2024, status=Report.Status.VALIDATED)
    html = dgcs_client.get(URL).content.decode()
    assert re.search(r'data-compteur="2025">2 validés sur 4<', html)
    assert re.search(r'data-compteur="2024">1 validé sur 4<', html)
    assert "3 en retard" in html  # 2024: four territories, one validated


def test_filters_sort_and_late_first(dgcs_client, campaigns):
    other_region = Region.objects.exclude(code="32").first()
    alpha = TerritoryFactory(name="Alpha", cohort=2023)
    beta = TerritoryFactory(name="Beta", region=other_region, kind=Territory.Kind.EPCI)
    ReportFactory(territory=alpha, year=2024, status=Report.Status.VALIDATED)
    ReportFactory(territory=beta, year=2024)
    html = dgcs_client.get(URL + f"?region={other_region.slug}").content.decode()
    assert 'data-territoire="' + beta.slug in html and alpha.slug not in html
    html = dgcs_client.get(URL + "?vague=2023").content.decode()
    assert alpha.slug in html and beta.slug not in html
    html = dgcs_client.get(URL + "?type=epci").content.decode()
    assert beta.slug in html and alpha.slug not in html
    html = dgcs_client.get(URL + "?annee=2024&etat=brouillon").content.decode()
    assert beta.slug in html and alpha.slug not in html
    html = dgcs_client.get(URL + "?annee=2024&etat=retard").content.decode()
    assert beta.slug in html and alpha.slug not in html
    html = dgcs_client.get(URL + "?annee=2024&retards=on").content.decode()
    assert html.index(beta.slug) < html.index(alpha.slug)
    html = dgcs_client.get(URL + "?annee=2024&tri=nom").content.decode()
    assert html.index(alpha.slug) < html.index(beta.slug)


def test_a_filter_out_of_its_choices_is_said_and_left_out(dgcs_client, campaigns):
    territory = TerritoryFactory()
    response = dgcs_client.get(URL + "?annee=1999&region=atlantide")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html and "Un filtre n’a pas été appliqué" in html
    assert 'href="#id_annee"' in html and 'href="#id_region"' in html
    assert territory.slug in html  # the other filters still apply: the default year, all regions


def test_the_last_reminder_and_who_can_be_reminded(dgcs_client, campaigns, dgcs):
    team = MembershipFactory().territory
    no_team = TerritoryFactory()
    reminded = MembershipFactory().territory
    ReportReminder.objects.create(territory=reminded, year=2025, sent_by=dgcs, recipients=2)
    html = dgcs_client.get(URL).content.decode()
    assert "Aucune relance" in _row(html, team) and "Relancer" in _row(html, team)
    assert "Aucune équipe inscrite" in _row(html, no_team)
    assert "Relancer<" not in _row(html, no_team)
    assert "1 relance, la dernière le" in _row(html, reminded)
    assert "Relancé aujourd’hui" in _row(html, reminded)


def test_no_campaign_yet(dgcs_client):
    html = dgcs_client.get(URL).content.decode()
    assert "Aucune campagne de bilans n’a encore été ouverte" in html


def test_csv_export_of_the_table(dgcs_client, campaigns):
    territory = TerritoryFactory(name="=Fictiville", cohort=2024)
    ReportFactory(territory=territory, year=2024)
    response = dgcs_client.get(URL + "?format=csv&annee=2024")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:7] == [
        "Territoire",
        "Région",
        "Département",
        "Type",
        "Vague",
        "Bilan 2025",
        "Bilan 2024",
    ]
    assert rows[1][0] == "'=Fictiville"  # never a formula
    assert rows[1][5] == "Rien de saisi"
    assert rows[1][6] == "Brouillon — en retard"


def _populate(count):
    sheet = PracticeSheetFactory(barriers=["fracture-numerique"])
    for index in range(count):
        territory = MembershipFactory().territory
        status = [Report.Status.VALIDATED, Report.Status.DRAFT, Report.Status.SUBMITTED][index % 3]
        ReportFactory(
            territory=territory,
            year=2025,
            status=status,
            scaled_back=index % 2 == 0,
            scaled_back_reason="Moins de moyens",
            values={"personnes-reperees": 10, ("droits-ouverts", 1): 3},
        )
        ReportFactory(territory=territory, year=2024, status=Report.Status.VALIDATED)
        ReportReminder.objects.create(territory=territory, year=2025, recipients=1)
        Reuse.objects.create(sheet=sheet, territory=territory)


def _queries(client, url):
    # A first request after memberships changed recomputes the person's rights profile
    # (website.member_cache) and stores it: measure the third.
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [URL, URL + "?format=csv", URL + "?reprises=toutes"])
def test_the_number_of_queries_does_not_grow_with_territories(
    dgcs_client,
    campaigns,
    url,
):
    _populate(3)
    few = _queries(dgcs_client, url)
    _populate(27)
    many = _queries(dgcs_client, url)
    assert Territory.objects.count() >= 30
    assert few == many, (few, many)
