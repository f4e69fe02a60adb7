"""The evaluation kit: indicator definitions grouped for display, the data-collection template
(XLSX and CSV) generated from them, the official documents of the kit, the published results of
one indicator.

Templates are built on every request from the current definitions: a changed definition is in
the very next download, with nothing to invalidate."""

from collections import OrderedDict

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from library.kit import collection
from taxonomy.models import ResultIndicator
from website import spreadsheets

KIT_DOCUMENT_KIND = "kit-evaluation"
COLLECTION_SHEET = collection.COLLECTION_SHEET
DEFINITIONS_SHEET = collection.DEFINITIONS_SHEET


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
    """How many published sheets report the indicator, and their total when values add up and
    all lines measure the same period (values of different years are never added together)."""
    results = published_results(indicator).order_by()
    summary = results.aggregate(sheets=Count("sheet_id", distinct=True), total=Sum("value"))
    periods = {
        str(year) if year else (period or "").strip()
        for year, period in results.values_list("year", "period").distinct()
    }
    summary["periods"] = len(periods)
    summary["period"] = next(iter(periods)) if len(periods) == 1 else ""
    if not indicator.is_additive or len(periods) != 1:
        summary["total"] = None
    return summary


# --- the data-collection template -------------------------------------------------------------


def build_workbook(indicators=None) -> bytes:
    """The blank XLSX template: « Collecte » (one row per active indicator, and per quarter for
    quarterly ones, territory and year to fill; values validated by kind) and « Définitions »
    (what each indicator means). Its columns: ``library.kit.collection``."""
    indicators = list(active_indicators() if indicators is None else indicators)
    return collection.build_workbook(
        collection.blank_lines(indicators),
        indicators,
        definitions=(definition_headers, definition_row),
    )


def build_collection_csv(indicators=None) -> bytes:
    """The blank collection template as CSV: the header row and one row per indicator and
    period."""
    indicators = list(active_indicators() if indicators is None else indicators)
    return collection.build_csv(collection.blank_lines(indicators))


def build_definitions_csv(indicators=None) -> bytes:
    indicators = list(active_indicators() if indicators is None else indicators)
    return spreadsheets.csv_bytes([definition_headers(), *[definition_row(i) for i in indicators]])


def download_name(stem: str, extension: str) -> str:
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"
