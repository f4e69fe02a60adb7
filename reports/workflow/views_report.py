"""One report: its page (reports:detail, ``?version=N`` for an older version) and its form
(reports:edit)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from reports import permissions, services
from reports.models import Report
from reports.services import ReportError
from reports.workflow import tables
from reports.workflow.common import (
    detail_context,
    detail_url,
    open_report_or_404,
    render_detail,
    shown_report,
    territory_or_404,
)
from reports.workflow.forms import ReportForm


@login_required
def detail(request, territory, year):
    territory = territory_or_404(territory, year)
    version = request.GET.get("version", "")
    if version:
        if not version.isdigit():
            raise Http404
        report = Report.objects.filter(territory=territory, year=year, version=version).first()
        if report is None:
            raise Http404
        if not permissions.can_view_report(request.user, report):
            raise PermissionDenied(
                _(
                    "Cette version n’est pas encore validée\u00a0: seuls l’équipe du territoire et "
                    "ses référents la voient."
                )
            )
    else:
        report = shown_report(request.user, territory, year)
    if report is None:
        context = detail_context(request, territory, year, None)
        return render(request, "reports/workflow/detail.html", context)
    report.territory = territory
    return render_detail(request, report)


@login_required
def edit(request, territory, year):
    report = open_report_or_404(request.user, territory, year)
    why = permissions.why_cannot_edit(request.user, report)
    if why:
        raise PermissionDenied(why)
    indicators = tables.report_indicators(report, report.values.all())
    form = ReportForm(request.POST or None, indicators=indicators, report=report)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.save_values(report, form.value_rows(), request.user)
                services.set_scaled_back(
                    report,
                    request.user,
                    form.cleaned_data["scaled_back"],
                    form.cleaned_data["scaled_back_reason"],
                )
        except ReportError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _(
                    "Bilan enregistré. Vous pouvez le reprendre à tout moment, puis l’envoyer "
                    "à votre référent pour validation."
                ),
            )
            return redirect(detail_url(report))
    return render(
        request,
        "reports/workflow/edit.html",
        {
            "report": report,
            "territory": report.territory,
            "year": report.year,
            "form": form,
            "families": form.families(services.previous_values(report)),
        },
        status=400 if form.errors else 200,
    )
