"""The national dashboard (``reports:dashboard``, /bilans/tableau-de-bord/): completeness,
key totals and their trend, scaled-back territories, reuse of practice sheets; its CSV export
(``?format=csv``) and the full list of reuses (``?reprises=toutes``). Facilitators and DGCS
administrators only (``reports.permissions.can_view_dashboard``)."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import Region
from reports import permissions, services
from reports.dashboard import charts, completeness, exports, reuse, totals
from reports.dashboard.filters import DashboardFilters
from reports.models import Report

TRENDS_YEARS = 10
ROWS_PER_PAGE = 100


def guard(request, check=permissions.can_view_dashboard):
    """``None`` when allowed; the login page for a visitor; 403 with the reason otherwise."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not check(request.user):
        raise PermissionDenied(
            _(
                "Le tableau de bord national des bilans est réservé à l’équipe d’animation "
                "de la communauté et à la DGCS."
            )
        )
    return None


def filters_for(data):
    """The campaigns (most recent first), the form and its valid values for ``data``."""
    campaigns = list(completeness.ReportingCampaign.objects.order_by("-year")[:TRENDS_YEARS])
    shown = campaigns[: completeness.YEARS_SHOWN]
    # By default, the most recent campaign some territory has sent a report for (not one
    # that has only just opened, whose figures would all be empty).
    sent = services.sent_years()
    started = next((c.year for c in shown if c.year in sent), None)
    form = DashboardFilters(
        data, [c.year for c in shown], list(Region.objects.all()), default_year=started
    )
    return campaigns, shown, form, form.values()


def query_without(params, *names) -> str:
    params = params.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def _scaled_back(values, year):
    reports = (
        Report.objects.filter(
            completeness.territory_q(values, "territory__"), year=year, scaled_back=True
        )
        .exclude(status=Report.Status.SUPERSEDED)
        .select_related("territory", "territory__region")
        .order_by("territory__name", "-version")
    )
    seen, current = set(), []
    for report in reports:  # the open correction first, when there is one
        if report.territory_id not in seen:
            seen.add(report.territory_id)
            current.append(report)
    return current


def _trends(key_totals):
    rows = []
    for year in reversed(key_totals.years):
        figures = [k.figure(year) for k in key_totals.indicators]
        rows.append({"year": year, "reporting": key_totals.reporting_in(year), "figures": figures})
    drawn = []
    for key in key_totals.indicators:
        if key.indicator.is_additive:
            series = [(year, key.figure(year).total) for year in key_totals.years]
            drawn.append({"key": key, "chart": charts.line_chart(series)})
    return rows, drawn


def _reuse_context(request, values):
    qs = reuse.reuses(request.user, values)
    return {
        "reuse_count": qs.count(),
        "reuse_latest": [reuse.describe(r, request) for r in reuse.listing(qs)[: reuse.LATEST]],
        "reuse_regions": reuse.by_region(qs),
        "reuse_barriers": reuse.by_barrier(qs),
        "reuse_kinds": reuse.kind_headers(),
    }


@require_GET
def dashboard(request):
    refused = guard(request)
    if refused:
        return refused
    campaigns, shown, form, values = filters_for(request.GET)
    table = completeness.build(values, shown)
    if request.GET.get("format") == "csv":
        return exports.completeness_csv(table)
    if request.GET.get("reprises") == "toutes":
        return reuse_page(request, form, values)
    key_totals = totals.build(values, [c.year for c in campaigns])
    trend_rows, trend_charts = _trends(key_totals)
    page = Paginator(table.rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "values": values,
        "table": table,
        "page_obj": page,
        "query": request.GET.urlencode(),
        "page_query": query_without(request.GET, "page"),
        "key_totals": key_totals,
        "year_figures": [(k, k.figure(values["year"])) for k in key_totals.indicators],
        "trend_rows": trend_rows,
        "trend_charts": trend_charts,
        "scaled_back": _scaled_back(values, values["year"]),
        "can_remind": permissions.can_send_reminders(request.user),
        **_reuse_context(request, values),
    }
    return render(request, "reports/dashboard/index.html", context)


def reuse_page(request, form, values):
    qs = reuse.listing(reuse.reuses(request.user, values))
    page = Paginator(qs, reuse.PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "reuses": [reuse.describe(r, request) for r in page.object_list],
        "page_query": query_without(request.GET, "page"),
        "back_query": query_without(request.GET, "page", "reprises"),
    }
    return render(request, "reports/dashboard/reuse_all.html", context)
