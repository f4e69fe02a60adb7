"""The data-collection template (XLSX and CSV) and the definitions CSV, generated from the current
definitions."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from library.kit import services
from taxonomy.models import ResultIndicator

pytestmark = pytest.mark.django_db


def _workbook(client):
    response = client.get(reverse("kit:template_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="kit-evaluation-modele-collecte-' in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.xlsx"')
    return load_workbook(io.BytesIO(response.content))


def _csv(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())  # BOM for French Excel
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def _active():
    return list(ResultIndicator.objects.filter(is_active=True).order_by("position", "label"))


def test_xlsx_collection_sheet(client):
    workbook = _workbook(client)
    assert workbook.sheetnames == ["Collecte", "Définitions"]
    sheet = workbook["Collecte"]
    headers = [cell.value for cell in sheet[1]]
    indicators = _active()
    assert headers == [
        "Territoire",
        "Période",
        *[f"{indicator.label} ({indicator.unit})" for indicator in indicators],
    ]
    assert "Montant annuel des droits ouverts (euros)" in headers
    assert sheet.freeze_panes == "C2"
    assert sheet.column_dimensions["A"].width >= 20
    assert sheet.column_dimensions["C"].width >= 20
    assert indicators[0].definition[:30] in sheet["C1"].comment.text

    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert len(validations) == len(indicators)
    by_slug = {indicator.slug: 3 + offset for offset, indicator in enumerate(indicators)}
    from openpyxl.utils import get_column_letter

    def validation_of(slug):
        letter = get_column_letter(by_slug[slug])
        return validations[f"{letter}2:{letter}{services.COLLECTION_ROWS + 1}"]

    count = validation_of("personnes-reperees")
    assert count.type == "whole" and count.operator == "greaterThanOrEqual"
    assert count.formula1 == "0" and count.showErrorMessage
    assert "nombre entier" in count.error
    amount = validation_of("montant-droits")
    assert amount.type == "decimal"
    rate = validation_of("taux-droits-ouverts")
    assert rate.type == "decimal" and rate.operator == "between"
    assert (rate.formula1, rate.formula2) == ("0", "100")


def test_xlsx_definitions_sheet(client):
    sheet = _workbook(client)["Définitions"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:6] == [
        "Indicateur",
        "Définition",
        "Unité",
        "Mode de calcul",
        "Source des données",
        "Période de référence",
    ]
    indicators = _active()
    assert len(rows) == 1 + len(indicators)
    droits = next(row for row in rows if row[0] == "Droits ouverts")
    indicator = ResultIndicator.objects.get(slug="droits-ouverts")
    assert droits[1:6] == [
        indicator.definition,
        "droits",
        indicator.counting_method,
        indicator.data_source,
        indicator.period,
    ]
    assert droits[-1] == "droits-ouverts"


def test_csv_collection_template(client):
    rows = _csv(client, "kit:template_csv")
    assert rows == [["Territoire", "Période", *[f"{i.label} ({i.unit})" for i in _active()]]]


def test_csv_definitions(client):
    rows = _csv(client, "kit:definitions_csv")
    assert rows[0][0] == "Indicateur" and rows[0][3] == "Mode de calcul"
    assert [row[0] for row in rows[1:]] == [i.label for i in _active()]
    reperees = next(row for row in rows if row[-1] == "personnes-reperees")
    assert reperees[1] == ResultIndicator.objects.get(slug="personnes-reperees").definition


def test_a_changed_definition_is_in_the_next_download(client):
    before_xlsx = _workbook(client)
    before_csv = _csv(client, "kit:definitions_csv")
    indicator = ResultIndicator.objects.get(slug="personnes-contactees")
    indicator.label = "Personnes jointes"
    indicator.unit = "personnes jointes"
    indicator.definition = "Nouvelle définition : un échange abouti."
    indicator.save()

    after_xlsx = _workbook(client)
    headers = [cell.value for cell in after_xlsx["Collecte"][1]]
    assert "Personnes jointes (personnes jointes)" in headers
    assert "Personnes contactées (personnes)" not in headers
    assert "Personnes contactées (personnes)" in [c.value for c in before_xlsx["Collecte"][1]]
    definitions = [[c.value for c in row] for row in after_xlsx["Définitions"].iter_rows()]
    assert ["Personnes jointes", "Nouvelle définition : un échange abouti."] in [
        row[:2] for row in definitions
    ]
    after_csv = _csv(client, "kit:definitions_csv")
    assert after_csv != before_csv
    assert "Nouvelle définition : un échange abouti." in [row[1] for row in after_csv]
    assert "Personnes jointes (personnes jointes)" in _csv(client, "kit:template_csv")[0]


def test_retired_indicators_are_left_out_of_every_template(client):
    ResultIndicator.objects.filter(slug="professionnels-formes").update(is_active=False)
    headers = [cell.value for cell in _workbook(client)["Collecte"][1]]
    assert "Professionnels formés (personnes)" not in headers
    assert "Personnes repérées (personnes)" in headers
    labels = [row[0] for row in _workbook(client)["Définitions"].iter_rows(values_only=True)]
    assert "Professionnels formés" not in labels
    assert "Professionnels formés (personnes)" not in _csv(client, "kit:template_csv")[0]
    assert "Professionnels formés" not in [r[0] for r in _csv(client, "kit:definitions_csv")]


def test_text_typed_by_an_administrator_never_becomes_a_formula(client):
    ResultIndicator.objects.filter(slug="droits-ouverts").update(
        label='=HYPERLINK("http://exemple.invalid")', definition="+1+1"
    )
    workbook = _workbook(client)
    header = next(cell for cell in workbook["Collecte"][1] if "HYPERLINK" in str(cell.value))
    assert header.data_type == "s" and header.value.startswith("'=")
    rows = _csv(client, "kit:definitions_csv")
    row = next(r for r in rows if r[-1] == "droits-ouverts")
    assert row[0].startswith("'=") and row[1] == "'+1+1"


def test_downloads_are_never_served_stale_and_refuse_posts(client):
    response = client.get(reverse("kit:template_csv"))
    assert response["Cache-Control"] == "no-cache"
    assert client.post(reverse("kit:template_xlsx")).status_code == 405
