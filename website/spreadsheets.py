"""Spreadsheet exports (CSV and XLSX) whose cells a spreadsheet will never run as formulas.

Every export of the site writes its rows through ``writer`` (CSV) or ``text_cell`` (XLSX): a
text value starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with
a single quote, as OWASP advises against CSV injection; numbers (``int``, ``Decimal``, ``float``,
or a text that is only a number such as ``-12,5``) are written as they are. French spreadsheets
expect a semicolon delimiter and, to read the accents right, a UTF-8 byte order mark."""

import csv
import io
import re
from decimal import Decimal

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DELIMITER = ";"
BOM = "\ufeff"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
# A negative number is no formula: « -12 », « -12,5 », « -12.5 » stay numbers.
PLAIN_NUMBER = re.compile(r"-\d+(?:[.,]\d+)?")


def neutralise(value) -> str:
    """``value`` as text that a spreadsheet shows and never runs as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def cell(value):
    """A CSV cell: numbers unchanged, anything else neutralised text."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    return neutralise(value)


class SafeWriter:
    """``csv.writer`` whose rows are neutralised cell by cell."""

    def __init__(self, stream, delimiter=DELIMITER, **options):
        self._writer = csv.writer(stream, delimiter=delimiter, **options)

    def writerow(self, row):
        return self._writer.writerow([cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(stream, delimiter=DELIMITER, **options) -> SafeWriter:
    return SafeWriter(stream, delimiter=delimiter, **options)


def csv_response(filename: str) -> HttpResponse:
    """An empty CSV download named ``filename``, its byte order mark written: write the rows
    into it with ``writer(response)``."""
    response = HttpResponse(content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BOM)
    return response


def csv_bytes(rows) -> bytes:
    """``rows`` as a CSV file (semicolons, CRLF line ends, UTF-8 with a byte order mark)."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def text_cell(worksheet, row: int, column: int, value):
    """An openpyxl cell holding ``value`` as text: never a formula, whatever was typed."""
    written = worksheet.cell(row=row, column=column, value=neutralise(value))
    written.data_type = "s"
    return written
