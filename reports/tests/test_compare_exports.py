"""The comparison's exports: the page's selection, one line per territory and year with its
period, source, status and validation date; drafts only for those who may see them; cells never
run as formulas."""

import csv
import io

import pytest
from openpyxl import load_workbook

from accounts.models import Region
from reports.compare.exports import headers
from reports.models import Report, ReportValue
from reports.tests.factories import ReportFactory
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


@pytest.fixture
def lille():
    territory = TerritoryFactory(
        name="Lille-Test", official_code="59350", population=200_000, cohort=2024
    )
    report = ReportFactory(
        territory=territory,
        year=2025,
        status=Report.Status.VALIDATED,
        values={"droits-ouverts": "120.5"},
    )
    ReportValue.objects.filter(report=report).update(source="=HYPERLINK(1)", method="Fichier CAF")
    ReportFactory(territory=territory, year=2024, values={"droits-ouverts": 77})  # a draft
    return territory


def test_csv_has_every_column_and_one_line_per_territory_and_year(client, lille):
    TerritoryFactory(name="Autre-Test", region=Region.objects.get(code="84"))
    response = client.get(
        "/bilans/comparer/export.csv",
        {"indicateur": "droits-ouverts", "de": 2024, "a": 2025, "affichage": "habitants"},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="comparaison-droits-ouverts-'
    )
    rows = read_csv(response)
    assert rows[0] == headers()
    body = {(row[0], row[9]): dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert len(body) == 4  # 2 territories × 2 years
    line = body[("Lille-Test", "Année 2025")]
    assert line["Code officiel"] == "59350"
    assert line["Région"] == "Hauts-de-France" and line["Vague"] == "2024"
    assert line["Identifiant de l’indicateur"] == "droits-ouverts"
    assert line["Unité"] == "droits"
    assert line["Valeur déclarée"] == "120,5"
    assert line["Valeur ramenée"] == "0,6"
    assert line["Base de la valeur ramenée"].startswith("Pour 1 000 habitants (population")
    assert line["Source"] == "'=HYPERLINK(1)"  # never a formula
    assert line["Méthode"] == "Fichier CAF"
    assert line["Statut"] == "validé" and len(line["Date de validation"]) == 10
    assert line["Version du bilan"] == "1"
    # The draft of 2024 is not shown to an anonymous visitor.
    assert body[("Lille-Test", "Année 2024")]["Statut"] == "aucune valeur déclarée"


def test_drafts_are_exported_marked_for_the_team_only(client, lille):
    params = {"indicateur": "droits-ouverts", "de": 2024}
    client.force_login(UserFactory(roles=["Commissaires"]))
    rows = read_csv(client.get("/bilans/comparer/export.csv", params))
    assert "77" not in [row[10] for row in rows]
    client.force_login(MembershipFactory(territory=lille).user)
    rows = read_csv(client.get("/bilans/comparer/export.csv", params))
    draft = next(row for row in rows if row[9] == "Année 2024")
    assert (draft[10], draft[15], draft[16]) == ("77", "non validé", "")


def test_xlsx_holds_the_same_lines_with_numbers(client, lille):
    response = client.get("/bilans/comparer/export.xlsx", {"indicateur": "droits-ouverts"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == headers()
    line = next(row for row in rows if row[9] == "Année 2025")
    assert float(line[10]) == 120.5 and line[13] == "'=HYPERLINK(1)"


def test_an_unknown_format_is_not_found(client, lille):
    assert client.get("/bilans/comparer/export.pdf").status_code == 404


def test_a_commissioner_export_follows_their_regions(client, lille):
    TerritoryFactory(name="Autre-Test", region=Region.objects.get(code="84"))
    commissioner = UserFactory(roles=["Commissaires"])
    commissioner.regions.add(Region.objects.get(code="32"))
    client.force_login(commissioner)
    rows = read_csv(client.get("/bilans/comparer/export.csv"))
    assert {row[0] for row in rows[1:]} == {"Lille-Test"}
