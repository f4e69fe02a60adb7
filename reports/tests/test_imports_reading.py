"""Reading an uploaded collection template by its content: XLSX and CSV, any column order,
wrong files refused with a French message."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from reports.imports import reading
from reports.imports.reading import FileRefused, read_table
from reports.tests.imports_files import HEADERS, csv_upload, line, xlsx_bytes, xlsx_upload

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def _values(table):
    return [(number, cells["slug"], cells["value"]) for number, cells, _percent in table.rows]


def test_an_xlsx_file_is_read_from_its_collection_sheet():
    rows = [line("droits-ouverts", 120), line("montant-droits", "1 234,5")]
    table = read_table(xlsx_upload(rows))
    assert table.kind == "xlsx"
    assert _values(table) == [(2, "droits-ouverts", 120), (3, "montant-droits", "1 234,5")]


def test_a_csv_file_is_read_with_semicolons_commas_bom_or_windows_encoding():
    rows = [line("droits-ouverts", "120", comment="Données de la Caisse d’allocations")]
    for options in (
        {"delimiter": ";", "encoding": "utf-8-sig"},
        {"delimiter": ",", "encoding": "utf-8"},
        {"delimiter": ";", "encoding": "cp1252"},
        {"delimiter": "\t", "encoding": "utf-8"},
    ):
        table = read_table(csv_upload(rows, **options))
        assert table.kind == "csv"
        number, cells, _percent = table.rows[0]
        assert (number, cells["slug"], cells["value"]) == (2, "droits-ouverts", "120")
        assert cells["comment"] == "Données de la Caisse d’allocations"[: len(cells["comment"])]
        assert "Donn" in cells["comment"]


def test_columns_in_any_order_case_or_accents_and_the_reminder_column_ignored():
    headers = ["VALEUR", "identifiant", "periode", "Valeur 2024 (rappel)", "Commentaire", "Autre"]
    table = read_table(
        xlsx_upload([[12, "droits-ouverts", "Année", 10, "ok", "x"]], headers=headers)
    )
    number, cells, _percent = table.rows[0]
    assert cells == {
        "value": 12,
        "slug": "droits-ouverts",
        "period": "Année",
        "reminder": 10,
        "comment": "ok",
    }


def test_empty_rows_are_skipped_and_row_numbers_are_the_spreadsheet_ones():
    table = read_table(xlsx_upload([line("droits-ouverts", 1), [], line("montant-droits", 2)]))
    assert [number for number, _cells, _percent in table.rows] == [2, 4]


def test_a_percent_cell_is_flagged():
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append(["", "", "Année", "taux-droits-ouverts", "", "", 0.125])
    sheet["G2"].number_format = "0.0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(SimpleUploadedFile("taux.xlsx", buffer.getvalue()))
    assert table.rows[0][2] is True


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("image.xlsx", PNG), "n’est pas un tableau lisible"),
        (SimpleUploadedFile("vide.xlsx", b""), "Le fichier est vide"),
        (SimpleUploadedFile("vieux.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 50), "XLS"),
        (SimpleUploadedFile("casse.xlsx", b"PK\x03\x04 pas une archive"), "pas un tableau"),
        (SimpleUploadedFile("blanc.csv", b"\r\n\r\n"), "ligne d\u2019en-tête"),
    ],
)
def test_wrong_files_get_a_french_message(upload, message):
    with pytest.raises(FileRefused, match=message):
        read_table(upload)


def test_an_opendocument_or_a_word_file_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(FileRefused, match="OpenDocument"):
        read_table(SimpleUploadedFile("classeur.ods", buffer.getvalue()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("word/document.xml", "<x/>")
    with pytest.raises(FileRefused, match="XLSX"):
        read_table(SimpleUploadedFile("note.xlsx", buffer.getvalue()))


def test_a_huge_file_is_refused_before_being_read():
    big = SimpleUploadedFile("gros.csv", b"a;b\r\n" * (reading.OWN_MAX_BYTES // 5 + 10))
    with pytest.raises(FileRefused, match="taille maximale est de 5\u00a0Mo"):
        read_table(big)
    with override_settings(UPLOAD_MAX_SIZE=1000):
        assert reading.max_bytes() == 1000
        with pytest.raises(FileRefused, match="taille maximale"):
            read_table(xlsx_upload([line("droits-ouverts", 1)]))


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    rows = [line("droits-ouverts", n) for n in range(4)]
    with pytest.raises(FileRefused, match="plus de 3 lignes"):
        read_table(csv_upload(rows))
    assert len(read_table(csv_upload(rows[:3])).rows) == 3
    monkeypatch.setattr(reading, "MAX_SCANNED_ROWS", 10)
    with pytest.raises(FileRefused, match="plus de 10 lignes"):
        read_table(csv_upload([*[[] for _ in range(12)], line("droits-ouverts", 1)]))


def test_the_old_wide_layout_or_another_template_is_not_the_collection_template():
    wide = ["Territoire", "Période", "Personnes repérées (personnes)", "Droits ouverts (droits)"]
    for headers in (wide, ["Nom", "Prénom", "Adresse"]):
        with pytest.raises(FileRefused) as refused:
            read_table(xlsx_upload([["Fictiville", "2025", 12, 3]], headers=headers))
        message = str(refused.value)
        assert message.startswith("Ce fichier n’est pas le modèle de collecte du kit")
        assert "colonnes attendues « Territoire », « Année », « Période »" in message
        assert "« Valeur »" in message.split("il manque")[1]
    with pytest.raises(FileRefused, match="n’est pas le modèle de collecte"):
        read_table(csv_upload([["1", "2"]], headers=["Nom", "Prénom"]))


def test_a_workbook_without_a_collection_sheet_is_read_from_its_first_sheet():
    content = xlsx_bytes([line("droits-ouverts", 5)], sheet="Feuil1")
    table = read_table(SimpleUploadedFile("export.xlsx", content))
    assert _values(table) == [(2, "droits-ouverts", 5)]
