"""The evaluation kit: indicator definitions grouped for display, the data-collection template
(XLSX and CSV) generated from them, the official documents of the kit, the published results of
one indicator.

Templates are built on every request from the current definitions: a changed definition is in
the very next download, with nothing to invalidate."""

import io
from collections import OrderedDict

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from taxonomy.models import ResultIndicator
from website import spreadsheets

KIT_DOCUMENT_KIND = "kit-evaluation"
COLLECTION_SHEET = "Collecte"
DEFINITIONS_SHEET = "Définitions"
# Rows of the collection sheet that get the number validation (header excluded).
COLLECTION_ROWS = 500


def active_indicators():
    return ResultIndicator.objects.filter(is_active=True).order_by("position", "label")


def indicator_families(indicators) -> list[dict]:
    """``indicators`` grouped by family, families in their declared order, empty ones left out."""
    groups = OrderedDict((value, []) for value in ResultIndicator.Family.values)
    for indicator in indicators:
        groups.setdefault(indicator.family, []).append(indicator)
    labels = dict(ResultIndicator.Family.choices)
    return [
        {"slug": family, "label": labels.get(family, family), "indicators": items}
        for family, items in groups.items()
        if items
    ]


def column_header(indicator) -> str:
    return f"{indicator.label} ({indicator.unit})"


def definition_headers() -> list[str]:
    return [
        _("Indicateur"),
        _("Définition"),
        _("Unité"),
        _("Mode de calcul"),
        _("Source des données"),
        _("Période de référence"),
        _("Famille"),
        _("Type de valeur"),
        _("Identifiant"),
    ]


def definition_row(indicator) -> list[str]:
    return [
        indicator.label,
        indicator.definition,
        indicator.unit,
        indicator.counting_method,
        indicator.data_source,
        indicator.period,
        indicator.get_family_display(),
        indicator.get_value_kind_display(),
        indicator.slug,
    ]


def collection_headers(indicators) -> list[str]:
    return [_("Territoire"), _("Période"), *[column_header(i) for i in indicators]]


# --- official documents -----------------------------------------------------------------------


def kit_documents(user) -> list:
    """The library's documents of kind « Kit d’évaluation » this person may see (and download),
    official ones (DGCS) first."""
    from django.db.models import Case, IntegerField, Value, When

    from library.models import LibraryDocumentPage
    from library.permissions import visible_documents

    official_first = Case(
        When(origin=LibraryDocumentPage.Origin.OFFICIAL, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return list(
        visible_documents(user)
        .filter(kind__slug=KIT_DOCUMENT_KIND)
        .select_related("territory")
        .order_by(official_first, "title")
    )


# --- results of one indicator -----------------------------------------------------------------


def published_results(indicator):
    """The result lines of live and public sheets that report ``indicator``, newest sheet
    first."""
    from practices.filters import published_sheets
    from practices.models import ResultLine

    return (
        ResultLine.objects.filter(indicator=indicator, sheet__in=published_sheets().values("pk"))
        .select_related("sheet__territory")
        .order_by("-sheet__first_published_at", "-sheet_id", "sort_order", "pk")
    )


def results_summary(indicator) -> dict:
    """How many published sheets report the indicator, and their total when values add up."""
    summary = (
        published_results(indicator)
        .order_by()
        .aggregate(sheets=Count("sheet_id", distinct=True), total=Sum("value"))
    )
    if not indicator.is_additive:
        summary["total"] = None
    return summary


# --- the data-collection template -------------------------------------------------------------


def _number_validation(indicator):
    from openpyxl.worksheet.datavalidation import DataValidation

    kind = ResultIndicator.ValueKind
    if indicator.value_kind == kind.COUNT:
        validation = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        message = _("Saisissez un nombre entier positif ou nul.")
    elif indicator.value_kind == kind.RATE:
        validation = DataValidation(
            type="decimal", operator="between", formula1="0", formula2="100"
        )
        message = _("Saisissez un pourcentage entre 0 et 100.")
    else:
        validation = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        message = _("Saisissez un nombre positif ou nul.")
    validation.allow_blank = True
    validation.showErrorMessage = True
    validation.errorStyle = "stop"
    validation.errorTitle = _("Valeur refusée")[:32]
    validation.error = f"{indicator.label} : {message}"[:255]
    validation.showInputMessage = True
    validation.promptTitle = indicator.label[:32]
    validation.prompt = f"{indicator.unit} — {message}"[:255]
    return validation


NUMBER_FORMATS = {
    ResultIndicator.ValueKind.COUNT: "#,##0",
    ResultIndicator.ValueKind.AMOUNT: "#,##0.00",
    ResultIndicator.ValueKind.AVERAGE: "0.0",
    ResultIndicator.ValueKind.RATE: "0.0",
}


def build_workbook(indicators=None) -> bytes:
    """The XLSX template: « Collecte » (one row per territory and period, one column per active
    indicator, numbers validated) and « Définitions » (what each column means)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    indicators = list(active_indicators() if indicators is None else indicators)
    workbook = Workbook()
    workbook.properties.title = _("Kit d’évaluation — modèle de collecte")
    workbook.properties.creator = _("Communauté zéro non-recours")
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="000091")  # DSFR blue France
    wrap = Alignment(wrap_text=True, vertical="top")

    collection = workbook.active
    collection.title = COLLECTION_SHEET
    for column, header in enumerate(collection_headers(indicators), start=1):
        cell = spreadsheets.text_cell(collection, 1, column, header)
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        collection.column_dimensions[get_column_letter(column)].width = 28 if column <= 2 else 22
    collection.cell(row=1, column=1).comment = Comment(
        _("Nom du territoire ou de la structure qui déclare les chiffres."), "Kit"
    )
    collection.cell(row=1, column=2).comment = Comment(
        _("Période couverte, par exemple : année 2025."), "Kit"
    )
    last_row = COLLECTION_ROWS + 1
    for offset, indicator in enumerate(indicators):
        column = 3 + offset
        letter = get_column_letter(column)
        header = collection.cell(row=1, column=column)
        header.comment = Comment(f"{indicator.definition}"[:1000] or indicator.label, "Kit")
        validation = _number_validation(indicator)
        validation.add(f"{letter}2:{letter}{last_row}")
        collection.add_data_validation(validation)
        number_format = NUMBER_FORMATS.get(indicator.value_kind, "General")
        for row in range(2, last_row + 1):
            collection.cell(row=row, column=column).number_format = number_format
    collection.row_dimensions[1].height = 48
    collection.freeze_panes = "C2"  # header row and the territory / period columns stay visible

    definitions = workbook.create_sheet(DEFINITIONS_SHEET)
    widths = [32, 60, 14, 60, 45, 30, 30, 24, 28]
    for column, header in enumerate(definition_headers(), start=1):
        cell = spreadsheets.text_cell(definitions, 1, column, header)
        cell.font = header_font
        cell.fill = header_fill
        definitions.column_dimensions[get_column_letter(column)].width = widths[column - 1]
    for row, indicator in enumerate(indicators, start=2):
        for column, value in enumerate(definition_row(indicator), start=1):
            spreadsheets.text_cell(definitions, row, column, value).alignment = wrap
    definitions.freeze_panes = "B2"

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_collection_csv(indicators=None) -> bytes:
    """The collection template as CSV: the header row, to fill one row per territory and
    period."""
    indicators = list(active_indicators() if indicators is None else indicators)
    return spreadsheets.csv_bytes([collection_headers(indicators)])


def build_definitions_csv(indicators=None) -> bytes:
    indicators = list(active_indicators() if indicators is None else indicators)
    return spreadsheets.csv_bytes([definition_headers(), *[definition_row(i) for i in indicators]])


def download_name(stem: str, extension: str) -> str:
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"
