"""The clause library: the list of clauses, a clause's page and its discussion, proposing a
clause (territory teams)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from library.conventions import permissions, services
from library.conventions.clauses import ensure_discussion, propose_clause
from library.conventions.forms.proposals import ProposalForm
from library.conventions.models import Clause, ConventionModel, Section
from library.conventions.views._common import PAGE_SIZE, highlight_variables
from website.submit_once import submit_once

PUBLIC_STATUS_FILTERS = {
    "validee": Clause.Status.VALIDATED,
    "proposee": Clause.Status.PROPOSED,
    "retiree": Clause.Status.WITHDRAWN,
}


def clause_list(request):
    clauses = Clause.objects.public().select_related("territory").order_by("section", "title")
    section = request.GET.get("section", "")
    status = request.GET.get("statut", "")
    if section in Section.values:
        clauses = clauses.filter(section=section)
    else:
        section = ""
    if status in PUBLIC_STATUS_FILTERS:
        clauses = clauses.filter(status=PUBLIC_STATUS_FILTERS[status])
    else:
        status = ""
    page_obj = Paginator(clauses, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "conventions/clause_list.html",
        {
            "page_obj": page_obj,
            "clauses": page_obj.object_list,
            "sections": Section.choices,
            "statuses": [
                (key, Clause.Status(value).label) for key, value in PUBLIC_STATUS_FILTERS.items()
            ],
            "section": section,
            "status": status,
            "filtered": bool(section or status),
            "can_propose": permissions.can_propose(request.user),
            "can_review": permissions.can_review_proposals(request.user),
        },
    )


def clause_detail(request, slug):
    clause = get_object_or_404(
        Clause.objects.select_related("territory", "thread", "alternative_to"), slug=slug
    )
    if not permissions.can_view_clause(request.user, clause):
        raise Http404
    versions = list(clause.versions.select_related("created_by").order_by("-number"))
    thread_url = None
    if clause.thread_id:
        from forum.links import thread_url as forum_thread_url

        thread_url = forum_thread_url(clause.thread)
    models_using = ConventionModel.objects.filter(
        Q(sections__default_clause=clause) | Q(sections__alternatives=clause), is_published=True
    ).distinct()
    return render(
        request,
        "conventions/clause_detail.html",
        {
            "clause": clause,
            "text_html": highlight_variables(clause.text),
            "versions": [(v, highlight_variables(v.text)) for v in versions],
            "thread_url": thread_url,
            "can_start_discussion": clause.status in Clause.PUBLIC_STATUSES
            and permissions.can_start_discussion(request.user),
            "models_using": models_using,
        },
    )


@login_required
@require_POST
def clause_discuss(request, slug):
    clause = get_object_or_404(Clause, slug=slug)
    if not permissions.can_view_clause(request.user, clause):
        raise Http404
    thread = ensure_discussion(clause, request.user)
    if thread is None:
        messages.error(
            request,
            _(
                "La discussion n’a pas pu être créée : confirmez votre adresse e-mail ou "
                "contactez l’équipe d’animation."
            ),
        )
        return redirect(clause.get_absolute_url())
    from forum.links import thread_url

    return redirect(thread_url(thread))


@submit_once(gettext_lazy("Cette proposition avait déjà été envoyée."))
def clause_propose(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    reason = permissions.why_cannot_propose(request.user)
    if reason:
        raise PermissionDenied(reason)
    initial = {}
    if request.GET.get("alternative"):
        base = Clause.objects.usable().filter(slug=request.GET["alternative"]).first()
        if base:
            initial = {"alternative_to": base, "section": base.section}
    form = ProposalForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            clause = propose_clause(
                request.user,
                territory=data["territory"],
                title=data["title"],
                section=data["section"],
                text=data["text"],
                note=data["note"],
                alternative_to=data["alternative_to"],
            )
        except services.ConventionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Votre proposition « %(title)s » est transmise à l’équipe d’animation. Elle "
                    "reste visible de vous seul·e jusqu’à sa validation ; vous recevrez un e-mail "
                    "à la décision."
                )
                % {"title": clause.title},
            )
            return redirect(clause.get_absolute_url())
    return render(request, "conventions/clause_propose.html", {"form": form})
