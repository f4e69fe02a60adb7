"""/fiches/export.csv: the filtered sheets as CSV, for commissioners, facilitators and the DGCS
(``can_export``); per indicator, the value of its latest period, that period and its source."""

from decimal import Decimal

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from practices.browse import can_export
from practices.filters import SheetFilter
from practices.models import PracticeIndexPage
from website import page_views, spreadsheets


def _number(value) -> str:
    """French spreadsheet notation: decimal comma, no useless zeros."""
    if value is None:
        return ""
    value = Decimal(value)
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")
    return text.replace(".", ",")


def _labels(terms) -> str:
    return " | ".join(str(term) for term in terms)


@page_views.handles(PracticeIndexPage, "sheet_csv")
def sheet_csv(request, index):
    from taxonomy.models import ResultIndicator

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_export(request.user):
        raise PermissionDenied(
            _(
                "L’export CSV des fiches est réservé aux commissaires, à l’équipe d’animation "
                "et aux administrateurs de la DGCS."
            )
        )
    sheet_filter = SheetFilter(request.GET)
    indicators = list(ResultIndicator.objects.order_by("position", "label"))
    sheets = _csv_sheets(sheet_filter)
    response = spreadsheets.csv_response(f"fiches-pratiques-{timezone.localdate():%Y-%m-%d}.csv")
    writer = spreadsheets.writer(response)
    writer.writerow(_csv_header(indicators))
    for sheet in sheets.iterator(chunk_size=1000):
        writer.writerow(_csv_row(request, sheet, indicators))
    return response


def _csv_sheets(sheet_filter):
    """The filtered sheets with what their rows show, in a constant number of queries."""
    from practices.models import ResultLine
    from taxonomy.models import ActionType, Audience, Barrier, Benefit, Partner

    ordered = ("position", "label")
    return (
        sheet_filter.results()
        .annotate(reuses_total=Count("reuses", distinct=True))
        .select_related("territory__region")
        .prefetch_related(
            Prefetch("audiences", queryset=Audience.objects.order_by(*ordered)),
            Prefetch(
                "barriers",
                queryset=Barrier.objects.select_related("parent").order_by(
                    "parent__position", *ordered
                ),
            ),
            Prefetch("benefits", queryset=Benefit.objects.order_by(*ordered)),
            Prefetch("action_types", queryset=ActionType.objects.order_by(*ordered)),
            Prefetch("partners", queryset=Partner.objects.order_by(*ordered)),
            Prefetch(
                "results",
                queryset=ResultLine.objects.select_related("indicator").order_by(
                    "sort_order", "pk"
                ),
            ),
        )
    )


def _csv_header(indicators) -> list[str]:
    return [
        _("titre"),
        _("url"),
        _("territoire"),
        _("région"),
        _("structure"),
        _("état"),
        _("maturité"),
        _("publics"),
        _("freins"),
        _("droits"),
        _("types d’action"),
        _("partenaires"),
        _("publiée le"),
        _("reprises"),
        *[
            column
            for indicator in indicators
            for column in (
                f"{indicator.label} ({indicator.unit})",
                _("%(indicator)s — période") % {"indicator": indicator.label},
                _("%(indicator)s — source") % {"indicator": indicator.label},
            )
        ],
    ]


def _latest_results(sheet) -> dict[int, list]:
    """Per indicator, the value of its most recent period, that period and its source: lines of
    one period add up (counts and amounts only); other periods are never added in."""
    latest: dict[int, list] = {}
    for line in sheet.results.all():
        order = (line.year or (line.period_end.year if line.period_end else 0), line.period_text)
        current = latest.get(line.indicator_id)
        if current is None or order > current[0]:
            latest[line.indicator_id] = [order, line.value, line.period_text, line.source]
        elif order == current[0] and line.indicator.is_additive:
            current[1] += line.value
            current[3] = " | ".join(part for part in (current[3], line.source) if part)
    return latest


def _csv_row(request, sheet, indicators) -> list:
    """One sheet; per indicator, its most recent result with its period and source."""
    latest = _latest_results(sheet)
    territory = sheet.territory
    published = sheet.first_published_at
    return [
        sheet.title,
        request.build_absolute_uri(sheet.get_url(request)),
        territory.name if territory else "",
        territory.region.name if territory else "",
        sheet.organisation,
        sheet.get_action_status_display(),
        sheet.get_maturity_display(),
        _labels(sheet.audiences.all()),
        _labels(sheet.barriers.all()),
        _labels(sheet.benefits.all()),
        _labels(sheet.action_types.all()),
        _labels(sheet.partners.all()),
        timezone.localtime(published).strftime("%d/%m/%Y") if published else "",
        sheet.reuses_total,
        *[
            cell
            for indicator in indicators
            for cell in (
                (_number(latest[indicator.pk][1]), *latest[indicator.pk][2:])
                if indicator.pk in latest
                else ("", "", "")
            )
        ],
    ]


def export_csv(request):
    """Plain Django view for /fiches/export.csv.

    Wagtail only serves page URLs made of slug segments each ending with a slash (no dot), so
    the ``csv_view`` route of ``PracticeIndexPage`` (``export.csv``) is never reached through
    the page tree: ``config/urls.py`` must map ``fiches/export.csv`` here, before Wagtail's
    URLs."""
    from practices.services import get_index

    index = get_index()
    if index is None or not index.live:
        raise Http404
    return sheet_csv(request, index)
