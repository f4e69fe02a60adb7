"""« Mes bilans » (reports:index) and starting a year's report (reports:start)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Territory
from accounts.permissions import member_territory_ids, referent_territory_ids
from reports import permissions, services
from reports.models import Report, ReportingCampaign
from reports.services import ReportError
from reports.workflow import tables
from reports.workflow.common import territory_or_404

PER_PAGE = 25


def status_choices() -> list[tuple[str, str]]:
    superseded = Report.Status.SUPERSEDED
    shown = [(value, label) for value, label in Report.Status.choices if value != superseded]
    return [(tables.NOT_STARTED, _("Pas encore commencé")), *shown]


@login_required
def index(request):
    user = request.user
    own_ids = member_territory_ids(user)
    context = {
        "status_choices": status_choices(),
        "to_validate": tables.to_validate(referent_territory_ids(user)),
    }
    if own_ids:
        territories = list(Territory.objects.filter(pk__in=own_ids).order_by("name"))
        context["lines"] = tables.team_lines(user, territories)
    if permissions.sees_every_draft(user):
        context.update(_all_territories(request))
    return render(request, "reports/workflow/index.html", context)


def _all_territories(request) -> dict:
    years = sorted(
        {*ReportingCampaign.objects.values_list("year", flat=True), timezone.localdate().year - 1},
        reverse=True,
    )
    open_years = list(
        ReportingCampaign.objects.filter(is_open=True)
        .order_by("-year")
        .values_list("year", flat=True)
    )
    sent = services.sent_years()
    default_year = next((y for y in open_years if y in sent), None)
    default_year = default_year or (open_years[0] if open_years else years[0])
    year = request.GET.get("annee", "")
    year = int(year) if year.isdigit() and int(year) in years else default_year
    status = request.GET.get("statut", "")
    status = status if status in dict(status_choices()) else ""
    territories = list(Territory.objects.select_related("region").order_by("name"))
    lines = tables.all_lines(request.user, year, territories)
    if status:
        lines = [line for line in lines if line.status == status]
    page = Paginator(lines, PER_PAGE).get_page(request.GET.get("page"))
    return {
        "all_lines": page.object_list,
        "page_obj": page,
        "years": years,
        "year": year,
        "status": status,
        "status_filtered": bool(status),
    }


@login_required
@require_POST
def start(request, territory, year):
    territory = territory_or_404(territory, year)
    campaign = ReportingCampaign.objects.filter(year=year).first()
    if not permissions.can_draft_for(request.user, territory):
        raise PermissionDenied(
            _("Seule l’équipe du territoire « %(territory)s » peut saisir son bilan.")
            % {"territory": territory.name}
        )
    if services.current_report(territory, year) is None and not (campaign and campaign.is_open):
        raise PermissionDenied(
            _(
                "La campagne des bilans %(year)s n’est pas ouverte\u00a0: le bilan ne peut pas "
                "être commencé."
            )
            % {"year": year}
        )
    try:
        report = services.start_report(territory, year, request.user)
    except ReportError as error:
        raise PermissionDenied(str(error)) from error
    if report.is_editable:
        messages.success(
            request,
            _(
                "Bilan %(year)s commencé. Saisissez les valeurs des indicateurs\u00a0; vous pouvez "
                "enregistrer et reprendre plus tard."
            )
            % {"year": year},
        )
        return redirect("reports:edit", territory.slug, year)
    return redirect("reports:detail", territory.slug, year)
