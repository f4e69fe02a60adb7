"""« Relancer » (``reports:remind``, POST): a territory's team for one year, or every late
territory of the year shown by the dashboard's filters (``tous``). The first POST shows what
will be sent (confirmation page); the second (``confirmer``) sends, then back to the dashboard
with its filters and a message saying what was done."""

from django.contrib import messages
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.models import Territory
from reports import permissions
from reports.dashboard import completeness, reminders
from reports.dashboard.filters import LATE
from reports.dashboard.views import filters_for, guard


def _back(request) -> HttpResponseRedirect:
    params = QueryDict(request.POST.get("retour", ""))  # only a query string: never elsewhere
    url = reverse("reports:dashboard")
    query = params.urlencode()
    return HttpResponseRedirect(f"{url}?{query}#completude" if query else f"{url}#completude")


def _late_territories(request, year):
    campaigns, shown, _form, values = filters_for(QueryDict(request.POST.get("retour", "")))
    values = {**values, "year": year, "state": LATE}
    return [row.territory for row in completeness.build(values, shown).rows]


def _report_outcomes(request, outcomes, year):
    sent = [o for o in outcomes if o.ok]
    people = sum(o.sent for o in sent)
    if sent:
        messages.success(
            request,
            ngettext(
                "Relance du bilan %(year)s envoyée à %(people)s personne (%(territories)s).",
                "Relance du bilan %(year)s envoyée à %(people)s personnes (%(territories)s).",
                people,
            )
            % {
                "year": year,
                "people": people,
                "territories": ", ".join(o.territory.name for o in sent),
            },
        )
    for outcome in outcomes:
        if not outcome.ok:
            messages.warning(request, outcome.reason)


@require_POST
def remind(request):
    refused = guard(request, permissions.can_send_reminders)
    if refused:
        return refused
    campaigns, _shown, _form, _values = filters_for(QueryDict())
    years = {c.year for c in campaigns}
    try:
        year = int(request.POST.get("annee", ""))
    except ValueError:
        year = None
    if year not in years:
        messages.error(request, _("Choisissez l’année d’une campagne de bilans."))
        return _back(request)
    if request.POST.get("tous"):
        territories = _late_territories(request, year)
        if not territories:
            messages.info(
                request,
                _("Aucun territoire n’est en retard pour le bilan %(year)s.") % {"year": year},
            )
            return _back(request)
    else:
        territories = [get_object_or_404(Territory, slug=request.POST.get("territoire", ""))]
    if request.POST.get("confirmer"):
        _report_outcomes(request, reminders.send_reminders(territories, year, request.user), year)
        return _back(request)
    return _confirm(request, territories, year)


def _confirm(request, territories, year):
    plan = []
    for territory in territories:
        reason = reminders.why_not(territory, year)
        plan.append(
            {
                "territory": territory,
                "reason": reason,
                "recipients": 0 if reason else len(reminders.recipients(territory)),
            }
        )
    context = {
        "year": year,
        "plan": plan,
        "to_send": [item for item in plan if not item["reason"]],
        "bulk": bool(request.POST.get("tous")),
        "retour": request.POST.get("retour", ""),
    }
    return render(request, "reports/dashboard/remind_confirm.html", context)
