"""Plain tables as downloads (a header row in DSFR blue, frozen; cells never run as formulas):
the report, the row-by-row report of an import."""

import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _

from library.kit import collection
from website import spreadsheets

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(title: str, headers: list, rows: list) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.properties.creator = _("Communauté zéro non-recours")
    sheet = workbook.active
    sheet.title = title[:31]
    for column, header in enumerate(headers, start=1):
        cell = spreadsheets.text_cell(sheet, 1, column, header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="000091")
        sheet.column_dimensions[get_column_letter(column)].width = max(12, min(50, len(header) + 6))
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            if isinstance(value, int | Decimal) and not isinstance(value, bool):
                sheet.cell(row=number, column=column, value=value)
            else:
                spreadsheets.text_cell(sheet, number, column, value)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(headers: list, rows: list) -> bytes:
    """French decimals in the CSV (« 12,5 »), as French spreadsheets read them."""

    def cell(value):
        if isinstance(value, Decimal):
            return collection.french_number(value)
        return value

    return spreadsheets.csv_bytes([headers, *[[cell(value) for value in row] for row in rows]])


def download(content: bytes, fmt: str, filename: str) -> HttpResponse:
    content_type = XLSX_TYPE if fmt == "xlsx" else spreadsheets.CSV_CONTENT_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    return response


def table_download(fmt: str, filename: str, title: str, headers: list, rows: list):
    if fmt == "xlsx":
        return download(xlsx_bytes(title, headers, rows), fmt, filename)
    return download(csv_bytes(headers, rows), fmt, filename)
