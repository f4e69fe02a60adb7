"""The comparison as a spreadsheet (CSV or XLSX): the same territories and years as the page, one
line per territory and year, each with its period, source, status and validation date. Cells go
through website.spreadsheets: no text is ever run as a formula."""

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Territory
from reports.compare import filters
from reports.compare.numbers import spreadsheet
from website import spreadsheets

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers() -> list[str]:
    return [
        _("Territoire"),
        _("Code officiel"),
        _("Département"),
        _("Région"),
        _("Type de territoire"),
        _("Vague"),
        _("Identifiant de l’indicateur"),
        _("Indicateur"),
        _("Unité"),
        _("Période"),
        _("Valeur déclarée"),
        _("Valeur ramenée"),
        _("Base de la valeur ramenée"),
        _("Source"),
        _("Méthode"),
        _("Statut"),
        _("Date de validation"),
        _("Version du bilan"),
    ]


def lines(comparison, number=spreadsheet, date=None):
    """One list of cells per territory and year; ``number`` and ``date`` write the numbers and
    dates the way the file format wants them. Labels are translated once, not once a line."""
    date = date or (lambda moment: timezone.localtime(moment).date().isoformat())
    selection = comparison.selection
    indicator = selection.indicator
    normalised = selection.display != filters.VALUES
    display = str(dict(filters.CompareForm.base_fields["affichage"].choices)[selection.display])
    kinds = {value: str(label) for value, label in Territory.Kind.choices}
    periods = {year: _("Année %(year)s") % {"year": year} for year in comparison.years}
    validated, draft, nothing = _("validé"), _("non validé"), _("aucune valeur déclarée")
    for row in comparison.rows:
        territory = row.territory
        start = [
            territory.name,
            territory.official_code,
            territory.departement_code,
            territory.region.name,
            kinds.get(territory.kind, territory.kind),
            territory.cohort or "",
            indicator.slug,
            indicator.label,
        ]
        for year, cell in zip(comparison.years, row.cells, strict=True):
            if cell is None:
                yield [*start, indicator.unit, periods[year], "", "", "", "", "", nothing, "", ""]
                continue
            basis = f"{display} ({cell.basis})" if normalised and cell.basis else ""
            yield [
                *start,
                cell.unit,
                periods[year],
                number(cell.value),
                number(cell.shown) if normalised else "",
                basis,
                cell.source,
                cell.method,
                validated if cell.is_validated else draft,
                date(cell.validated_at) if cell.validated_at and cell.is_validated else "",
                cell.version,
            ]


def filename(comparison, extension: str) -> str:
    slug = comparison.indicator.slug if comparison.indicator else "indicateur"
    return f"comparaison-{slug}-{timezone.localdate():%Y-%m-%d}.{extension}"


def csv_response(comparison) -> HttpResponse:
    response = spreadsheets.csv_response(filename(comparison, "csv"))
    buffer = io.StringIO()  # one write into the response rather than one a line
    writer = spreadsheets.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers())
    writer.writerows(lines(comparison))
    response.write(buffer.getvalue())
    return response


def _as_is(value):
    return value


def xlsx_response(comparison) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    workbook.properties.title = _("Comparaison des territoires")
    sheet = workbook.create_sheet(_("Comparaison"))
    sheet.append([spreadsheets.neutralise(header) for header in headers()])
    for line in lines(comparison, number=_as_is, date=lambda m: timezone.localtime(m).date()):
        sheet.append(
            [spreadsheets.neutralise(value) if isinstance(value, str) else value for value in line]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename(comparison, "xlsx")}"'
    return response
