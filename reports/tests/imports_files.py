"""Files as teams upload them, built in the tests: ``xlsx_upload([...rows])``,
``csv_upload([...rows])``; a row is a dict by column key (``library.kit.collection``) or a list
of cells under ``headers``."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from library.kit import collection

HEADERS = collection.headers()


def line(slug, value, period="Année", territory="", year="", **texts):
    return {
        "territory": territory,
        "year": year,
        "period": period,
        "slug": slug,
        "value": value,
        **texts,
    }


def _cells(row, headers):
    if isinstance(row, dict):
        keys = [collection.header_key(header) for header in headers]
        return [row.get(key, "") if key else "" for key in keys]
    return list(row)


def xlsx_bytes(rows, headers=None, sheet="Collecte") -> bytes:
    headers = HEADERS if headers is None else headers
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(headers)
    for row in rows:
        worksheet.append([None if cell == "" else cell for cell in _cells(row, headers)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_upload(rows, headers=None, name="bilan.xlsx", sheet="Collecte"):
    return SimpleUploadedFile(name, xlsx_bytes(rows, headers, sheet))


def csv_bytes(rows, headers=None, delimiter=";", encoding="utf-8-sig") -> bytes:
    headers = HEADERS if headers is None else headers
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(_cells(row, headers))
    return buffer.getvalue().encode(encoding)


def csv_upload(rows, headers=None, name="bilan.csv", **options):
    return SimpleUploadedFile(name, csv_bytes(rows, headers, **options))


def workbook_of(content: bytes):
    return load_workbook(io.BytesIO(content))


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
