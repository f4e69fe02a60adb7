"""The kit's data-collection template, in its long layout: one row per indicator and period
(« Année », or T1 to T4 for a quarterly indicator), so that every value carries its source, its
method and a comment. The same columns are written by the kit's blank template, by a report's
template pre-filled with last year's values and read back by the reports' import
(``reports.imports``): they are defined here, once.

A report's template has one more column, « Valeur <année> (rappel) », last year's validated
value, which the import ignores."""

import io
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from website import spreadsheets

COLLECTION_SHEET = "Collecte"
DEFINITIONS_SHEET = "Définitions"
# Rows of the collection sheet whose « Période » cell offers the list of periods.
COLLECTION_ROWS = 500
YEAR_PERIOD = gettext_lazy("Année")
QUARTERS = (1, 2, 3, 4)

# (key, header): the columns of the collection sheet, in their order.
COLUMNS = (
    ("territory", gettext_lazy("Territoire")),
    ("year", gettext_lazy("Année")),
    ("period", gettext_lazy("Période")),
    ("slug", gettext_lazy("Identifiant")),
    ("label", gettext_lazy("Indicateur")),
    ("unit", gettext_lazy("Unité")),
    ("value", gettext_lazy("Valeur")),
    ("source", gettext_lazy("Source")),
    ("method", gettext_lazy("Méthode")),
    ("comment", gettext_lazy("Commentaire")),
)
COLUMN_KEYS = tuple(key for key, _header in COLUMNS)
REMINDER_KEY = "reminder"
COMMENTS = {
    "territory": gettext_lazy("Nom du territoire qui déclare les chiffres."),
    "year": gettext_lazy("Année du bilan, par exemple 2025."),
    "period": gettext_lazy(
        "« Année » pour l’année entière ; T1, T2, T3 ou T4 pour un trimestre (indicateurs "
        "suivis par trimestre seulement)."
    ),
    "slug": gettext_lazy("Identifiant de l’indicateur : ne le modifiez pas."),
    "value": gettext_lazy("Le chiffre de l’indicateur pour la période. Laissez vide si inconnu."),
    "source": gettext_lazy("D’où vient le chiffre : outil de suivi, données d’un partenaire…"),
    "method": gettext_lazy("Comment il a été compté, s’il s’écarte de la définition du kit."),
}
WIDTHS = {"territory": 24, "year": 8, "period": 10, "slug": 26, "label": 34, "unit": 12}
NUMBER_FORMATS = {
    "effectif": "#,##0",
    "montant": "#,##0.00",
    "moyenne": "0.0",
    "taux": "0.0",
}


def reminder_header(year: int) -> str:
    return _("Valeur %(year)s (rappel)") % {"year": year}


def headers(reminder_year: int | None = None) -> list[str]:
    """The header row; with ``reminder_year``, the reminder column just before « Valeur »."""
    row = []
    for key, header in COLUMNS:
        if key == "value" and reminder_year is not None:
            row.append(reminder_header(reminder_year))
        row.append(str(header))
    return row


def column_keys(reminder_year: int | None = None) -> list[str]:
    keys = []
    for key in COLUMN_KEYS:
        if key == "value" and reminder_year is not None:
            keys.append(REMINDER_KEY)
        keys.append(key)
    return keys


def plain(text) -> str:
    """``text`` compared loosely: no accents, no case, single spaces, straight apostrophes."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip().casefold()


REMINDER_PATTERN = re.compile(r"^valeur \d{4} \(rappel\)$")


def header_key(text) -> str | None:
    """The column a header names (any case, with or without accents), ``REMINDER_KEY`` for the
    reminder column, ``None`` for a column of another table."""
    wanted = plain(text)
    if REMINDER_PATTERN.match(wanted):
        return REMINDER_KEY
    for key, header in COLUMNS:
        if plain(header) == wanted:
            return key
    return None


def period_label(quarter: int) -> str:
    return str(YEAR_PERIOD) if not quarter else f"T{quarter}"


def french_number(value) -> str:
    """``Decimal("1234.50")`` → ``"1234,5"``: what a French spreadsheet reads as a number."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass
class Line:
    """One row of the collection sheet."""

    indicator: object  # taxonomy.ResultIndicator
    quarter: int = 0
    territory: str = ""
    year: int | None = None
    value: Decimal | None = None
    source: str = ""
    method: str = ""
    comment: str = ""
    reminder: Decimal | None = None

    def cells(self, reminder_year=None, numbers=True) -> list:
        """The row's cells; ``numbers=False`` writes numbers as French text (CSV)."""

        def number(value):
            if value is None:
                return ""
            return value if numbers else french_number(value)

        values = {
            "territory": self.territory,
            "year": self.year if self.year is not None else "",
            "period": period_label(self.quarter),
            "slug": self.indicator.slug,
            "label": self.indicator.label,
            "unit": self.indicator.unit,
            "value": number(self.value),
            "source": self.source,
            "method": self.method,
            "comment": self.comment,
            REMINDER_KEY: number(self.reminder),
        }
        return [values[key] for key in column_keys(reminder_year)]


def blank_lines(indicators, territory: str = "", year: int | None = None) -> list[Line]:
    """One line per indicator for the whole year, and one per quarter for quarterly ones."""
    lines = []
    for indicator in indicators:
        lines.append(Line(indicator, 0, territory, year))
        if indicator.quarterly:
            lines.extend(Line(indicator, quarter, territory, year) for quarter in QUARTERS)
    return lines


# --- writing ----------------------------------------------------------------------------------


def _value_validation(kind: str):
    from openpyxl.worksheet.datavalidation import DataValidation

    if kind == "effectif":
        validation = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        validation.error = _("Saisissez un nombre entier positif ou nul.")
    elif kind == "taux":
        validation = DataValidation(
            type="decimal", operator="between", formula1="0", formula2="100"
        )
        validation.error = _("Saisissez un pourcentage entre 0 et 100.")
    else:
        validation = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        validation.error = _("Saisissez un nombre positif ou nul.")
    validation.allow_blank = True
    validation.showErrorMessage = True
    validation.errorStyle = "stop"
    validation.errorTitle = _("Valeur refusée")[:32]
    validation.showInputMessage = True
    validation.promptTitle = _("Valeur")[:32]
    validation.prompt = validation.error[:255]
    return validation


def _period_validation(letter: str):
    from openpyxl.worksheet.datavalidation import DataValidation

    choices = ",".join([period_label(0), *[period_label(q) for q in QUARTERS]])
    validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
    validation.add(f"{letter}2:{letter}{COLLECTION_ROWS + 1}")
    return validation


def _write_header(sheet, keys, header_row, styles):
    from openpyxl.comments import Comment
    from openpyxl.utils import get_column_letter

    for column, (key, header) in enumerate(zip(keys, header_row, strict=True), start=1):
        cell = spreadsheets.text_cell(sheet, 1, column, header)
        cell.font, cell.fill, cell.alignment = styles
        if key in COMMENTS:
            cell.comment = Comment(str(COMMENTS[key]), "Kit")
        width = WIDTHS.get(key, 16 if key in ("value", REMINDER_KEY) else 40)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.row_dimensions[1].height = 36
    sheet.freeze_panes = "A2"  # the header row stays visible


def _write_lines(sheet, lines, keys, reminder_year):
    from openpyxl.utils import get_column_letter

    value_column = keys.index("value") + 1
    number_columns = {value_column}
    if REMINDER_KEY in keys:
        number_columns.add(keys.index(REMINDER_KEY) + 1)
    validations = {}
    for row, line in enumerate(lines, start=2):
        for column, value in enumerate(line.cells(reminder_year), start=1):
            if column in number_columns:
                cell = sheet.cell(row=row, column=column, value=value if value != "" else None)
                kind = line.indicator.value_kind
                cell.number_format = NUMBER_FORMATS.get(kind, "General")
            else:
                spreadsheets.text_cell(sheet, row, column, value)
        kind = line.indicator.value_kind
        if kind not in validations:
            validations[kind] = _value_validation(kind)
        validations[kind].add(f"{get_column_letter(value_column)}{row}")
    for validation in validations.values():
        sheet.add_data_validation(validation)
    sheet.add_data_validation(_period_validation(get_column_letter(keys.index("period") + 1)))


def _write_definitions(workbook, indicators, styles, definition_headers, definition_row):
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(DEFINITIONS_SHEET)
    widths = [32, 60, 14, 60, 45, 30, 30, 24, 28]
    for column, header in enumerate(definition_headers(), start=1):
        cell = spreadsheets.text_cell(sheet, 1, column, header)
        cell.font, cell.fill = styles[0], styles[1]
        sheet.column_dimensions[get_column_letter(column)].width = widths[column - 1]
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, indicator in enumerate(indicators, start=2):
        for column, value in enumerate(definition_row(indicator), start=1):
            spreadsheets.text_cell(sheet, row, column, value).alignment = wrap
    sheet.freeze_panes = "B2"


def build_workbook(lines, indicators, reminder_year=None, definitions=None) -> bytes:
    """The XLSX template: « Collecte » (``lines``, values validated by kind of indicator) and
    « Définitions » (``definitions``: ``(headers function, row function)`` of the kit)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook()
    workbook.properties.title = _("Kit d’évaluation — modèle de collecte")
    workbook.properties.creator = _("Communauté zéro non-recours")
    styles = (
        Font(bold=True, color="FFFFFF"),
        PatternFill("solid", fgColor="000091"),  # DSFR blue France
        Alignment(wrap_text=True, vertical="center"),
    )
    sheet = workbook.active
    sheet.title = COLLECTION_SHEET
    keys = column_keys(reminder_year)
    _write_header(sheet, keys, headers(reminder_year), styles)
    _write_lines(sheet, lines, keys, reminder_year)
    if definitions is not None:
        _write_definitions(workbook, indicators, styles, *definitions)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_csv(lines, reminder_year=None) -> bytes:
    """The template as CSV (semicolons, UTF-8 with a byte order mark, French decimals)."""
    return spreadsheets.csv_bytes(
        [headers(reminder_year), *[line.cells(reminder_year, numbers=False) for line in lines]]
    )
