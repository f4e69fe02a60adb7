"""The row-by-row checks of an uploaded template, each with a French message naming the row."""

from decimal import Decimal

import pytest

from reports.imports.checks import check_table, parse_number, parse_period
from reports.imports.reading import read_table
from reports.models import Report
from reports.tests.factories import ReportFactory
from reports.tests.imports_files import csv_upload, line, xlsx_upload
from taxonomy.models import ResultIndicator
from tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    return ReportFactory(territory=TerritoryFactory(name="Fictiville"), year=2025)


def _check(report, rows, upload=csv_upload):
    return check_table(read_table(upload(rows)), report)


def _pk(slug):
    return ResultIndicator.objects.get(slug=slug).pk


def _only_problem(checked, level="erreur"):
    assert len(checked.problems) == 1, checked.problems
    problem = checked.problems[0]
    assert problem["level"] == level
    return problem


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("1 234,5", "1234.5"),
        ("1\u202f234,5", "1234.5"),
        ("12,5 %", "12.5"),
        ("12.5", "12.5"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("-3", "-3"),
        (7, "7"),
        (7.25, "7.25"),
    ],
)
def test_numbers_are_read_the_french_way_and_the_english_way(typed, number):
    assert parse_number(typed) == Decimal(number)


@pytest.mark.parametrize("typed", ["abc", "12 personnes", "1,234,567", "--1", "1e3", True])
def test_what_is_not_a_number(typed):
    assert parse_number(typed) is None


def test_periods():
    assert [parse_period(p) for p in ("", "Année", "annee", "ANNÉE 2025", "T1", "t4")] == [
        0,
        0,
        0,
        0,
        1,
        4,
    ]
    assert parse_period("Trimestre 2") == 2
    assert parse_period("T5") is None and parse_period("mars") is None


def test_good_lines_are_accepted_with_their_texts(report):
    checked = _check(
        report,
        [
            line("droits-ouverts", "120", territory="fictiville", year="2025", source="CAF"),
            line("montant-droits", "1 234,5", method="Somme des montants", comment="Estimé"),
            line("personnes-contactees", "30", period="T2"),
            line("", "4", label="Professionnels formés"),
        ],
    )
    assert checked.problems == []
    assert checked.rows == [
        {
            "row": 2,
            "indicator_id": _pk("droits-ouverts"),
            "quarter": 0,
            "value": "120.00",
            "source": "CAF",
            "method": "",
            "comment": "",
        },
        {
            "row": 3,
            "indicator_id": _pk("montant-droits"),
            "quarter": 0,
            "value": "1234.50",
            "source": "",
            "method": "Somme des montants",
            "comment": "Estimé",
        },
        {
            "row": 4,
            "indicator_id": _pk("personnes-contactees"),
            "quarter": 2,
            "value": "30.00",
            "source": "",
            "method": "",
            "comment": "",
        },
        {
            "row": 5,
            "indicator_id": _pk("professionnels-formes"),
            "quarter": 0,
            "value": "4.00",
            "source": "",
            "method": "",
            "comment": "",
        },
    ]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (line("inconnu", "3"), "Identifiant", "indicateur « inconnu » inconnu du kit"),
        (line("", "3", label="Chiffre au hasard"), "Indicateur", "« Chiffre au hasard » inconnu"),
        (line("", "3"), "Identifiant", "indiquez l’indicateur"),
        (line("droits-ouverts", "beaucoup"), "Valeur", "« beaucoup » n’est pas un nombre"),
        (line("droits-ouverts", "12,5"), "Valeur", "indiquez un nombre entier"),
        (line("montant-droits", "-10"), "Valeur", "ne peut pas être négative"),
        (line("taux-droits-ouverts", "120"), "Valeur", "entre 0 et 100"),
        (line("droits-ouverts", "3", territory="Autreville"), "Territoire", "« Autreville »"),
        (line("droits-ouverts", "3", year="2024"), "Année", "pour l’année 2024"),
        (line("droits-ouverts", "3", year="l’an dernier"), "Année", "n’est pas une année"),
        (line("droits-ouverts", "3", period="T2"), "Période", "n’est pas suivi par trimestre"),
        (line("personnes-contactees", "3", period="T5"), "Période", "« T5 » inconnue"),
        (line("montant-droits", "1 000 000 000 000"), "Valeur", "trop grande"),
    ],
)
def test_a_bad_line_is_refused_with_a_message_naming_its_row(report, row, column, message):
    checked = _check(report, [line("personnes-reperees", "10"), row])
    problem = _only_problem(checked)
    assert problem["row"] == 3 and problem["column"] == column
    assert problem["message"].startswith("Ligne 3 : ")
    assert message in problem["message"]
    assert [row["row"] for row in checked.rows] == [2]  # the good line is still accepted


def test_a_line_without_value_is_ignored_and_said(report):
    checked = _check(report, [line("droits-ouverts", ""), line("montant-droits", "5")])
    problem = _only_problem(checked, level="ignoree")
    assert problem["message"] == "Ligne 2 : aucune valeur, ligne ignorée."
    assert len(checked.rows) == 1


def test_a_line_that_appears_twice_keeps_the_first(report):
    checked = _check(
        report,
        [
            line("droits-ouverts", "10"),
            line("personnes-contactees", "3", period="T1"),
            line("droits-ouverts", "11"),
            line("personnes-contactees", "4", period="T2"),
        ],
    )
    problem = _only_problem(checked)
    assert problem["row"] == 4
    assert "« Droits ouverts » (Année) figure déjà ligne 2" in problem["message"]
    assert [row["value"] for row in checked.rows] == ["10.00", "3.00", "4.00"]


def test_a_value_far_from_last_years_is_accepted_but_flagged(report):
    ReportFactory(
        territory=report.territory,
        year=2024,
        status=Report.Status.VALIDATED,
        values={"droits-ouverts": 100, "montant-droits": 50},
    )
    checked = _check(
        report,
        [line("droits-ouverts", "1 200"), line("montant-droits", "60")],  # 60: close enough
    )
    problem = _only_problem(checked, level="attention")
    assert problem["row"] == 2
    assert problem["message"] == (
        "Ligne 2 : 1\u202f200 droits, alors que le bilan 2024 validé indiquait 100 droits. "
        "Vérifiez le chiffre avant d’importer."
    )
    assert len(checked.rows) == 2


def test_a_correction_is_compared_with_the_version_it_corrects(report):
    old = ReportFactory(
        territory=TerritoryFactory(),
        status=Report.Status.VALIDATED,
        values={"droits-ouverts": 100},
    )
    correction = ReportFactory(territory=old.territory, version=2, corrects=old)
    checked = _check(correction, [line("droits-ouverts", "90")])
    assert "la version validée que ce bilan corrige indiquait 100" in checked.problems[0]["message"]


def test_xlsx_numbers_and_percent_cells(report):
    checked = _check(
        report,
        [line("delai-ouverture-droits", 12.456), line("taux-droits-ouverts", 45)],
        upload=xlsx_upload,
    )
    assert [row["value"] for row in checked.rows] == ["12.46", "45.00"]
    problem = _only_problem(checked, level="attention")
    assert "arrondie à deux décimales (12,46)" in problem["message"]


def test_retired_indicators_are_unknown(report):
    ResultIndicator.objects.filter(slug="professionnels-formes").update(is_active=False)
    checked = _check(report, [line("professionnels-formes", "3")])
    assert "inconnu du kit" in _only_problem(checked)["message"]


def test_long_texts_are_shortened_and_said(report):
    checked = _check(report, [line("droits-ouverts", "3", source="x" * 400)])
    assert len(checked.rows[0]["source"]) == 300
    assert "raccourci à 300 caractères" in _only_problem(checked, level="attention")["message"]
