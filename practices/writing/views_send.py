"""« Relire et envoyer » (what is complete, what is missing, the preview), the preview itself
(the public page's template with the draft), « Envoyer pour validation » (confirmed), deleting a
draft never published, and « M’en inspirer pour ma fiche »."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.models import WorkflowState

from practices.models import PracticeSheetPage
from practices.permissions import can_view_sheet, proposable_territories
from practices.writing import copying, service
from practices.writing.steps import LABELS, SEND, STEPS
from practices.writing.views import get_writable_sheet, step_url, steps_nav
from website.submit_once import submit_once


def _state(sheet):
    from practices.dashboard import sheet_state

    return sheet_state(sheet, sheet.current_workflow_state)


def _reviewers(sheet) -> list[str]:
    from practices.notifications import referents_of

    return [user.get_full_name() or user.email for user in referents_of(sheet.territory_id)]


@login_required
def send(request, pk):
    sheet = get_writable_sheet(request, pk)
    draft = service.load_draft(sheet)
    missing = service.missing_fields(draft)
    state = sheet.current_workflow_state
    context = {
        "sheet": sheet,
        "draft": draft,
        "slug": SEND,
        "step": {"label": LABELS[SEND]},
        "step_number": len(STEPS) + 1,
        "step_count": len(STEPS) + 1,
        "steps": steps_nav(sheet, SEND, draft),
        "sections": [
            {"label": step.label, "url": step_url(sheet, slug), "missing": missing.get(slug, [])}
            for slug, step in STEPS.items()
        ],
        "missing": missing,
        "no_results": not draft.results.all() and not draft.results_not_measured,
        "state": _state(sheet),
        "in_review": state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS,
        "needs_changes": state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES,
        "lock_reason": service.is_locked_for(sheet, request.user),
        "reviewers": _reviewers(sheet),
        "can_discard": not sheet.live and not sheet.first_published_at,
        "confirming": request.method == "POST" and "envoyer" in request.POST,
    }
    return render(request, "practices/writing/send.html", context)


@login_required
@require_POST
def submit(request, pk):
    sheet = get_writable_sheet(request, pk)
    if "confirmer" not in request.POST:
        return redirect(step_url(sheet, SEND))
    try:
        service.submit(sheet, request.user)
    except service.WritingError as error:
        messages.error(request, str(error))
        return redirect(step_url(sheet, SEND))
    messages.success(
        request,
        _(
            "Fiche envoyée pour validation au référent du territoire. Vous recevrez un e-mail "
            "quand il aura décidé."
        ),
    )
    return redirect(reverse("accounts:dashboard") + "#titre-mes-fiches")


@login_required
def preview(request, pk):
    """The draft in the public page's template, with a banner saying it is a preview."""
    sheet = get_writable_sheet(request, pk)
    draft = service.load_draft(sheet)
    request.is_preview = True  # as Wagtail does: no cache stores or serves this page
    request.preview_mode = draft.default_preview_mode
    response = draft.serve_preview(request, draft.default_preview_mode)
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def discard(request, pk):
    sheet = get_writable_sheet(request, pk)
    if sheet.live or sheet.first_published_at:
        raise Http404
    if request.method == "POST":
        title = service.load_draft(sheet).title
        service.discard_draft(sheet, request.user)
        messages.success(request, _("Le brouillon « %(title)s » est supprimé.") % {"title": title})
        return redirect("accounts:dashboard")
    return render(request, "practices/writing/discard.html", {"sheet": sheet})


@login_required
@submit_once(gettext_lazy("Votre fiche inspirée de celle-ci avait déjà été créée."))
def inspire(request, pk):
    """« M’en inspirer pour ma fiche »: a draft of the person's territory, copied from a
    published sheet of another, linked to it and recorded as a reuse."""
    source = get_object_or_404(PracticeSheetPage.objects.live(), pk=pk)
    if not can_view_sheet(request.user, source):
        raise Http404
    territories = proposable_territories(request.user).exclude(pk=source.territory_id)
    if not territories.exists():
        return render(request, "practices/writing/not_in_team.html", status=403)
    form = copying.InspireForm(request.POST or None, territories=territories)
    if request.method == "POST" and form.is_valid():
        sheet = copying.start_from(source, request.user, form.cleaned_data["territory"])
        messages.success(
            request,
            _(
                "Votre brouillon reprend la fiche « %(title)s » : adaptez-le à votre territoire, "
                "étape par étape."
            )
            % {"title": source.title},
        )
        return redirect(step_url(sheet, "action"))
    return render(
        request,
        "practices/writing/inspire.html",
        {"source": source, "form": form},
        status=400 if form.errors else 200,
    )
