import csv
import io
from decimal import Decimal

from openpyxl import Workbook

from website import spreadsheets


def test_neutralise_prefixes_formula_starters_only():
    for value in ("=1+1", "+33 6", "-2+3", "@SOMME(A1)", "\tx", "\rx"):
        assert spreadsheets.neutralise(value) == "'" + value
    assert spreadsheets.neutralise("Atelier = rencontre") == "Atelier = rencontre"
    assert spreadsheets.neutralise(None) == ""
    # Negative numbers are no formulas: they stay numbers.
    assert spreadsheets.neutralise("-12,5") == "-12,5"
    assert spreadsheets.neutralise("-3") == "-3"


def test_writer_neutralises_every_text_cell_and_keeps_numbers():
    buffer = io.StringIO()
    spreadsheets.writer(buffer).writerows(
        [['=HYPERLINK("http://exemple.invalid")', "CCAS; Lille", 12, Decimal("-1.5"), None]]
    )
    assert list(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";")) == [
        ['\'=HYPERLINK("http://exemple.invalid")', "CCAS; Lille", "12", "-1.5", ""]
    ]


def test_csv_response_and_bytes_carry_a_byte_order_mark():
    response = spreadsheets.csv_response("export.csv")
    spreadsheets.writer(response).writerow(["@x"])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="export.csv"'
    assert response.content.decode("utf-8") == "\ufeff'@x\r\n"
    assert spreadsheets.csv_bytes([["é", "+1"]]) == "\ufeffé;'+1\r\n".encode()


def test_xlsx_text_cell_is_never_a_formula():
    sheet = Workbook().active
    written = spreadsheets.text_cell(sheet, 1, 1, "=1+1")
    assert written.data_type == "s" and written.value == "'=1+1"
