"""The data-collection template (XLSX and CSV) and the definitions CSV, generated from the current
definitions."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from library.kit import collection
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


HEADERS = [
    "Territoire",
    "Année",
    "Période",
    "Identifiant",
    "Indicateur",
    "Unité",
    "Valeur",
    "Source",
    "Méthode",
    "Commentaire",
]


def _expected_lines():
    """(slug, period): one line per indicator, and one per quarter for quarterly ones."""
    lines = []
    for indicator in _active():
        lines.append((indicator.slug, "Année"))
        if indicator.quarterly:
            lines.extend((indicator.slug, f"T{quarter}") for quarter in range(1, 5))
    return lines


def test_xlsx_collection_sheet_has_one_row_per_indicator_and_period(client):
    workbook = _workbook(client)
    assert workbook.sheetnames == ["Collecte", "Définitions"]
    sheet = workbook["Collecte"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADERS
    assert [(row[3], row[2]) for row in rows[1:]] == _expected_lines()
    assert ("personnes-contactees", "T4") in _expected_lines()  # quarterly in the kit
    droits = next(row for row in rows if row[3] == "droits-ouverts")
    assert droits[:3] == [None, None, "Année"]  # territory and year left to fill
    assert droits[4:7] == ["Droits ouverts", "droits", None]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["E"].width >= 20
    assert "T1" in sheet["C1"].comment.text

    validations = list(sheet.data_validations.dataValidation)
    by_type = {}
    for validation in validations:
        for cells in str(validation.sqref).split():
            by_type[cells] = validation
    row_of = {(row[3], row[2]): number for number, row in enumerate(rows, start=1)}

    def validation_of(slug):
        return by_type[f"G{row_of[(slug, 'Année')]}"]

    count = validation_of("personnes-reperees")
    assert count.type == "whole" and count.operator == "greaterThanOrEqual"
    assert count.formula1 == "0" and count.showErrorMessage
    assert "nombre entier" in count.error
    amount = validation_of("montant-droits")
    assert amount.type == "decimal"
    rate = validation_of("taux-droits-ouverts")
    assert rate.type == "decimal" and rate.operator == "between"
    assert (rate.formula1, rate.formula2) == ("0", "100")
    periods = by_type[f"C2:C{collection.COLLECTION_ROWS + 1}"]
    assert periods.type == "list" and "T4" in periods.formula1
    assert sheet[f"G{row_of[('montant-droits', 'Année')]}"].number_format == "#,##0.00"


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
    assert rows[0] == HEADERS
    assert [(row[3], row[2]) for row in rows[1:]] == _expected_lines()
    assert rows[1][:3] == ["", "", "Année"] and rows[1][6] == ""


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
    labels = [row[4] for row in after_xlsx["Collecte"].iter_rows(min_row=2, values_only=True)]
    units = [row[5] for row in after_xlsx["Collecte"].iter_rows(min_row=2, values_only=True)]
    assert "Personnes jointes" in labels and "personnes jointes" in units
    assert "Personnes contactées" not in labels
    before = [row[4] for row in before_xlsx["Collecte"].iter_rows(min_row=2, values_only=True)]
    assert "Personnes contactées" in before
    definitions = [[c.value for c in row] for row in after_xlsx["Définitions"].iter_rows()]
    assert ["Personnes jointes", "Nouvelle définition : un échange abouti."] in [
        row[:2] for row in definitions
    ]
    after_csv = _csv(client, "kit:definitions_csv")
    assert after_csv != before_csv
    assert "Nouvelle définition : un échange abouti." in [row[1] for row in after_csv]
    assert "Personnes jointes" in [row[4] for row in _csv(client, "kit:template_csv")]


def test_retired_indicators_are_left_out_of_every_template(client):
    ResultIndicator.objects.filter(slug="professionnels-formes").update(is_active=False)
    slugs = [row[3] for row in _workbook(client)["Collecte"].iter_rows(values_only=True)]
    assert "professionnels-formes" not in slugs
    assert "personnes-reperees" in slugs
    labels = [row[0] for row in _workbook(client)["Définitions"].iter_rows(values_only=True)]
    assert "Professionnels formés" not in labels
    assert "professionnels-formes" not in [row[3] for row in _csv(client, "kit:template_csv")]
    assert "Professionnels formés" not in [r[0] for r in _csv(client, "kit:definitions_csv")]


def test_text_typed_by_an_administrator_never_becomes_a_formula(client):
    ResultIndicator.objects.filter(slug="droits-ouverts").update(
        label='=HYPERLINK("http://exemple.invalid")', definition="+1+1"
    )
    workbook = _workbook(client)
    label = next(cell for cell in workbook["Collecte"]["E"] if "HYPERLINK" in str(cell.value))
    assert label.data_type == "s" and label.value.startswith("'=")
    rows = _csv(client, "kit:definitions_csv")
    row = next(r for r in rows if r[-1] == "droits-ouverts")
    assert row[0].startswith("'=") and row[1] == "'+1+1"


def test_downloads_are_never_served_stale_and_refuse_posts(client):
    response = client.get(reverse("kit:template_csv"))
    assert response["Cache-Control"] == "no-cache"
    assert client.post(reverse("kit:template_xlsx")).status_code == 405
