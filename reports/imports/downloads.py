"""/bilans/<territoire>/<année>/bilan.<xlsx|csv>: the report's values, for whoever may see the
report; /bilans/<territoire>/<année>/modele.<xlsx|csv>: the collection template pre-filled for
the territory and the year (last year's validated values as a reminder, its sources and
methods), for the territory's team."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from library.kit import collection
from library.kit import services as kit
from reports import permissions, services
from reports.imports import sheets
from reports.imports.views import team_only, territory_for
from reports.models import Report


def _report(request, territory, year) -> Report:
    """The version asked (``?version=N``), else the one this person sees: the open version for
    the team, the validated one for everyone else."""
    versions = Report.objects.filter(territory=territory, year=year).select_related("territory")
    asked = request.GET.get("version", "")
    if asked.isdigit():
        report = get_object_or_404(versions, version=int(asked))
    elif permissions.can_see_drafts_of(request.user, territory):
        report = services.current_report(territory, year)
    else:
        report = versions.filter(status=Report.Status.VALIDATED).first()
    if report is None or not permissions.can_view_report(request.user, report):
        raise Http404
    return report


def report_headers() -> list[str]:
    return [*collection.headers(), _("Statut"), _("Validé le"), _("Version")]


def report_rows(report) -> list[list]:
    validated = report.validated_at.strftime("%d/%m/%Y") if report.validated_at else ""
    rows = []
    for value in report.values.select_related("indicator"):
        line = collection.Line(
            value.indicator,
            value.quarter,
            report.territory.name,
            report.year,
            value.value,
            value.source,
            value.method,
            value.comment,
        )
        cells = line.cells()
        cells[collection.COLUMN_KEYS.index("unit")] = value.unit  # the unit when it was typed
        rows.append([*cells, report.get_status_display(), validated, report.version])
    return rows


@require_safe
def report_download(request, territory, year, fmt):
    year = int(year)
    territory = territory_for(request, territory, year)
    report = _report(request, territory, year)
    return sheets.table_download(
        fmt,
        f"bilan-{territory.slug}-{year}.{fmt}",
        _("Bilan %(year)s") % {"year": year},
        report_headers(),
        report_rows(report),
    )


def template_lines(territory, year, indicators) -> list:
    lines = collection.blank_lines(indicators, territory.name, year)
    last = (
        Report.objects.filter(territory=territory, year=year - 1, status=Report.Status.VALIDATED)
        .order_by("-version")
        .first()
    )
    previous = {(v.indicator_id, v.quarter): v for v in last.values.all()} if last else {}
    for line in lines:
        value = previous.get((line.indicator.pk, line.quarter))
        if value is not None:
            line.reminder, line.source, line.method = value.value, value.source, value.method
    return lines


@require_safe
def template_download(request, territory, year, fmt):
    year = int(year)
    territory = territory_for(request, territory, year)
    refused = team_only(request, territory)
    if refused is not None:
        return refused
    indicators = list(kit.active_indicators())
    lines = template_lines(territory, year, indicators)
    if fmt == "xlsx":
        content = collection.build_workbook(
            lines,
            indicators,
            reminder_year=year - 1,
            definitions=(kit.definition_headers, kit.definition_row),
        )
    else:
        content = collection.build_csv(lines, reminder_year=year - 1)
    return sheets.download(content, fmt, f"modele-collecte-{territory.slug}-{year}.{fmt}")
