"""Reading a filled collection template, by its content (never its name): an XLSX workbook (a
zip archive with a workbook part, read by openpyxl in read-only mode, under the site's guard
against zip bombs) or a CSV file (UTF-8 with or without a byte order mark, else Windows-1252;
« ; », « , » or a tab between cells). The header row is recognised whatever the order, case or
accents of its columns (``library.kit.collection``).

``read_table(uploaded_file)`` returns a ``Table`` or raises ``FileRefused`` with a French
message; nothing is saved here."""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from library.kit import collection
from website import upload_limits
from website.uploads import max_upload_size

OWN_MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000  # filled rows after the header
MAX_SCANNED_ROWS = 20_000  # rows of the sheet read at most, empty ones included
MAX_COLUMNS = 40
HEADER_SEARCH_ROWS = 10
CSV_ENCODINGS = ("utf-8-sig", "cp1252")
REQUIRED = ("period", "value")
ONE_OF = ("slug", "label")


class FileRefused(Exception):
    """The file cannot be read as the collection template; ``str()`` is the French reason."""


@dataclass
class Table:
    kind: str  # "xlsx" or "csv"
    keys: dict = field(default_factory=dict)  # column key → index in a row
    rows: list = field(default_factory=list)  # (row number, {key: value}, value is a percent)


def megabytes(size: int) -> str:
    """« 5 Mo », « 0,3 Mo »: one decimal at most, a no-break space before the unit."""
    text = f"{size / (1024 * 1024):.1f}".removesuffix(".0").replace(".", ",")
    return f"{text}\u00a0Mo"


def max_bytes() -> int:
    return min(OWN_MAX_BYTES, max_upload_size())


def accepted_formats_hint() -> str:
    return _("Formats acceptés : XLSX ou CSV. Taille maximale : %(size)s.") % {
        "size": megabytes(max_bytes())
    }


def _not_a_spreadsheet() -> FileRefused:
    return FileRefused(
        _(
            "Ce fichier n’est pas un tableau lisible : déposez le modèle de collecte enregistré "
            "au format XLSX (Excel) ou CSV."
        )
    )


def _check_size(uploaded_file) -> None:
    size = getattr(uploaded_file, "size", None)
    if size is None:
        uploaded_file.seek(0, 2)
        size = uploaded_file.tell()
        uploaded_file.seek(0)
    if not size:
        raise FileRefused(_("Le fichier est vide : déposez le modèle de collecte rempli."))
    if size > max_bytes():
        raise FileRefused(
            _("Le fichier pèse %(size)s : la taille maximale est de %(limit)s.")
            % {"size": megabytes(size), "limit": megabytes(max_bytes())}
        )


def read_table(uploaded_file) -> Table:
    _check_size(uploaded_file)
    uploaded_file.seek(0)
    head = uploaded_file.read(8)
    uploaded_file.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return _read_archive(uploaded_file)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused(
            _(
                "Ce fichier est au format Excel ancien (XLS) : enregistrez-le au format XLSX "
                "ou CSV depuis votre tableur, puis déposez-le de nouveau."
            )
        )
    data = uploaded_file.read()
    uploaded_file.seek(0)
    return _read_csv(data)


# --- XLSX ---------------------------------------------------------------------------------------


def _read_archive(uploaded_file) -> Table:
    try:
        archive = upload_limits.open_zip(uploaded_file)
    except ValidationError as error:  # FileTooCostly: its message is French
        raise FileRefused(" ".join(error.messages)) from error
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise _not_a_spreadsheet() from error
    try:
        names = set(archive.namelist())
    finally:
        archive.close()
        uploaded_file.seek(0)
    if "xl/workbook.xml" not in names:
        if "mimetype" in names:
            raise FileRefused(
                _(
                    "Ce fichier est au format OpenDocument (ODS) : enregistrez-le au format XLSX "
                    "ou CSV depuis votre tableur, puis déposez-le de nouveau."
                )
            )
        raise _not_a_spreadsheet()
    return _read_workbook(uploaded_file)


def _sheet(workbook):
    for sheet in workbook.worksheets:
        if collection.plain(sheet.title) == collection.plain(collection.COLLECTION_SHEET):
            return sheet
    return workbook.worksheets[0]


def _read_workbook(uploaded_file) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(uploaded_file.read()), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise FileRefused(
            _(
                "Le classeur n’a pas pu être lu : il est peut-être endommagé. Ouvrez-le dans "
                "votre tableur, enregistrez-le de nouveau au format XLSX, puis déposez-le."
            )
        ) from error
    finally:
        uploaded_file.seek(0)
    try:
        if not workbook.worksheets:
            raise _not_a_spreadsheet()
        rows = (
            (
                tuple(cell.value for cell in cells),
                tuple("%" in str(getattr(cell, "number_format", "") or "") for cell in cells),
            )
            for cells in _sheet(workbook).iter_rows(max_col=MAX_COLUMNS)
        )
        return _table("xlsx", rows)
    finally:
        workbook.close()


# --- CSV ----------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise _not_a_spreadsheet()
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _not_a_spreadsheet()


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first.count(delimiter) for delimiter in (";", ",", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ";"


def _read_csv(data: bytes) -> Table:
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        rows = ((tuple(row[:MAX_COLUMNS]), ()) for row in reader)
        return _table("csv", rows)
    except csv.Error as error:
        raise _not_a_spreadsheet() from error


# --- the header and the rows --------------------------------------------------------------------


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def expected_columns() -> str:
    return ", ".join(f"« {header} »" for _key, header in collection.COLUMNS)


def _keys(header_row) -> dict:
    keys = {}
    for index, value in enumerate(header_row):
        key = collection.header_key(value)
        if key is not None and key not in keys:
            keys[key] = index
    missing = [key for key in REQUIRED if key not in keys]
    if not any(key in keys for key in ONE_OF):
        missing.append("slug")
    if missing:
        labels = dict(collection.COLUMNS)
        raise FileRefused(
            _(
                "Ce fichier n’est pas le modèle de collecte du kit : colonnes attendues "
                "%(expected)s (il manque %(missing)s). Téléchargez le modèle de collecte, "
                "recopiez-y vos chiffres, puis déposez-le."
            )
            % {
                "expected": expected_columns(),
                "missing": ", ".join(f"« {labels[key]} »" for key in missing),
            }
        )
    return keys


def _too_many_rows(count: int) -> FileRefused:
    return FileRefused(
        _(
            "Le fichier compte plus de %(count)s lignes remplies : le modèle de collecte "
            "d’un bilan en compte beaucoup moins. Vérifiez que vous déposez le bon fichier."
        )
        % {"count": f"{count:,}".replace(",", "\u202f")}
    )


def _table(kind: str, rows) -> Table:
    table = Table(kind=kind)
    header_found = False
    for number, (values, percents) in enumerate(rows, start=1):
        if number > MAX_SCANNED_ROWS:
            raise _too_many_rows(MAX_SCANNED_ROWS)
        if all(_blank(value) for value in values):
            continue
        if not header_found:
            if number > HEADER_SEARCH_ROWS:
                break
            table.keys = _keys(values)
            header_found = True
            continue
        if len(table.rows) >= MAX_ROWS:
            raise _too_many_rows(MAX_ROWS)
        cells = {
            key: values[index] if index < len(values) else None for key, index in table.keys.items()
        }
        value_index = table.keys["value"]
        percent = value_index < len(percents) and percents[value_index]
        table.rows.append((number, cells, percent))
    if not header_found:
        raise FileRefused(
            _(
                "Ce fichier ne contient pas la ligne d’en-tête du modèle de collecte "
                "(colonnes attendues : %(expected)s)."
            )
            % {"expected": expected_columns()}
        )
    return table
