"""What is done to a report, each a POST: send it for validation (after a confirmation that
lists the indicators left empty), validate it or send it back (reports:decide), open a
correction (reports:correct). Refusals show the French reason; the e-mails leave once the
transaction commits."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports import notifications, permissions, services
from reports.services import ReportError
from reports.workflow import tables
from reports.workflow.common import detail_url, open_report_or_404, render_detail
from reports.workflow.forms import CorrectionForm, DecisionForm


@login_required
def submit(request, territory, year):
    """GET or POST without ``confirmer``: the confirmation page; POST ``confirmer``: send."""
    report = open_report_or_404(request.user, territory, year)
    why = permissions.why_cannot_edit(request.user, report)
    if why:
        raise PermissionDenied(why)
    if request.method == "POST" and request.POST.get("confirmer"):
        try:
            with transaction.atomic():
                services.submit(report, request.user)
                notifications.report_sent(report, request.user)
        except ReportError as error:
            messages.error(request, str(error))
            return redirect(detail_url(report))
        messages.success(request, _sent_message(report))
        return redirect(detail_url(report))
    families = tables.value_table(report)
    return render(
        request,
        "reports/workflow/submit.html",
        {
            "report": report,
            "territory": report.territory,
            "year": report.year,
            "empty": tables.empty_indicators(families),
            "has_values": report.values.exists(),
            "referents": notifications.referent_names(report.territory),
        },
    )


def _sent_message(report) -> str:
    if notifications.referents_of(report.territory_id).exists():
        return _(
            "Bilan envoyé aux référents du territoire pour validation. Vous recevrez un e-mail "
            "quand il sera validé ou s’il faut le reprendre."
        )
    return _(
        "Bilan envoyé pour validation. Le territoire n’a pas de référent\u00a0: l’équipe "
        "d’animation est prévenue. Vous recevrez un e-mail quand il sera validé ou s’il faut "
        "le reprendre."
    )


@login_required
@require_POST
def decide(request, territory, year):
    report = open_report_or_404(request.user, territory, year)
    why = permissions.why_cannot_validate(request.user, report)
    if why:
        raise PermissionDenied(why)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return render_detail(request, report, status=400, decision_form=form, decision_open=True)
    comment = form.cleaned_data["comment"]
    try:
        with transaction.atomic():
            if form.cleaned_data["decision"] == DecisionForm.VALIDATE:
                services.validate(report, request.user, comment)
                notifications.report_validated(report, request.user, comment)
                done = _("Bilan validé. L’équipe du territoire est prévenue par e-mail.")
            else:
                services.request_changes(report, request.user, comment)
                notifications.report_sent_back(report, request.user, comment)
                done = _(
                    "Bilan renvoyé à l’équipe avec votre commentaire. Elle est prévenue par "
                    "e-mail et pourra le renvoyer une fois repris."
                )
    except ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect(detail_url(report))


@login_required
@require_POST
def correct(request, territory, year):
    report = open_report_or_404(request.user, territory, year)
    if not permissions.can_open_correction(request.user, report):
        if not permissions.can_draft_for(request.user, report.territory):
            raise PermissionDenied(_("Seule l’équipe du territoire peut corriger un bilan validé."))
        raise PermissionDenied(_("Seul un bilan validé peut être corrigé."))
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return render_detail(request, report, status=400, correction_form=form)
    try:
        correction = services.open_correction(report, request.user, form.cleaned_data["reason"])
    except ReportError as error:
        messages.error(request, str(error))
        return redirect(detail_url(report))
    messages.success(
        request,
        _(
            "Correction ouverte (version %(version)s). Modifiez les valeurs, puis envoyez-la pour "
            "validation\u00a0: la version validée reste celle que les autres voient d’ici là."
        )
        % {"version": correction.version},
    )
    return redirect(detail_url(report))
