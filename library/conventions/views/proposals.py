"""The proposals of the territories, reviewed by the facilitators: the waiting list and the
decision on one proposal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from library.conventions import permissions, services
from library.conventions.clauses import decide_proposal
from library.conventions.forms.proposals import DecisionForm
from library.conventions.models import Clause
from library.conventions.views._common import PAGE_SIZE, highlight_variables


@login_required
def proposals(request):
    if not permissions.can_review_proposals(request.user):
        raise PermissionDenied(
            _("La validation des propositions est réservée à l’équipe d’animation.")
        )
    pending = (
        Clause.objects.filter(status=Clause.Status.PENDING)
        .select_related("territory", "proposed_by", "alternative_to")
        .order_by("created_at")
    )
    page_obj = Paginator(pending, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "conventions/proposals.html",
        {
            "page_obj": page_obj,
            "items": [(c, highlight_variables(c.text)) for c in page_obj.object_list],
            "form": DecisionForm(),
        },
    )


@login_required
@require_POST
def decide(request, pk):
    if not permissions.can_review_proposals(request.user):
        raise PermissionDenied(
            _("La validation des propositions est réservée à l’équipe d’animation.")
        )
    clause = get_object_or_404(Clause, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez de valider ou de refuser la proposition."))
        return redirect("conventions:proposals")
    try:
        decide_proposal(
            request.user,
            clause,
            accept=form.cleaned_data["decision"] == "accept",
            comment=form.cleaned_data["comment"],
        )
    except services.ConventionError as error:
        messages.error(request, str(error))
    else:
        if form.cleaned_data["decision"] == "accept":
            messages.success(
                request,
                _("« %(t)s » est validée ; son territoire est prévenu.") % {"t": clause.title},
            )
        else:
            messages.success(
                request,
                _("« %(t)s » est refusée ; son territoire est prévenu.") % {"t": clause.title},
            )
    return redirect("conventions:proposals")
