"""The pages of the guided form: « Proposer une fiche » (the first step, which creates the
draft), each step of a draft (saved when the person moves on, refused with a clear warning when
someone else saved meanwhile), and the side menu's moves, which save too."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practices.models import PracticeSheetPage
from practices.permissions import can_write_on_site, proposable_territories
from practices.review import open_comments
from practices.writing import service
from practices.writing.expired import login_required_keeping_post, take_kept_post
from practices.writing.forms import ActionForm
from practices.writing.steps import LABELS, ORDER, SEND, STEPS, neighbours
from website.submit_once import submit_once


def get_writable_sheet(request, pk):
    """The sheet if this person may write it (404 otherwise: a draft's existence is private)."""
    sheet = get_object_or_404(PracticeSheetPage.objects.select_related("territory"), pk=pk)
    if not can_write_on_site(request.user, sheet):
        raise Http404
    return sheet


def step_url(sheet, slug) -> str:
    if slug == SEND:
        return reverse("practices:write_send", args=[sheet.pk])
    return reverse("practices:write_step", args=[sheet.pk, slug])


def steps_nav(sheet, current, draft=None):
    missing = service.missing_fields(draft) if draft is not None else {}
    return [
        {
            "slug": slug,
            "number": number,
            "label": LABELS[slug],
            "current": slug == current,
            "incomplete": slug in missing,
            "enabled": sheet is not None,
        }
        for number, slug in enumerate(ORDER, start=1)
    ]


def render_step(request, sheet, draft, slug, form, status=200, **extra):
    step = STEPS[slug]
    previous, following = neighbours(slug)
    review_comments = extra.pop("review_comments", None)
    if review_comments is None and sheet is not None:
        review_comments = open_comments(sheet).get(slug, [])
    context = {
        "sheet": sheet,
        "draft": draft,
        "step": step,
        "slug": slug,
        "step_number": ORDER.index(slug) + 1,
        "step_count": len(ORDER),
        "next_label": LABELS[following] if following else None,
        "has_previous": previous is not None,
        "steps": steps_nav(sheet, slug, draft if sheet else None),
        "form": form,
        "revision_id": sheet.latest_revision_id if sheet else "",
        "lock_reason": service.is_locked_for(sheet, request.user) if sheet else "",
        "review_comments": review_comments,
        "form_errors": _has_errors(form),
        **(step.extra_context(draft) if draft is not None else {}),
        **extra,
    }
    return render(request, step.template, context, status=status)


def _has_errors(form) -> bool:
    if isinstance(form, dict):
        formset = form["formset"]
        return bool(
            form["other"].errors or formset.non_form_errors() or any(f.errors for f in formset)
        )
    return bool(form.errors)


@login_required_keeping_post
@submit_once(gettext_lazy("Cette fiche avait déjà été créée."))
def propose(request):
    """Step 1 of a new sheet; the draft exists once it is valid."""
    territories = proposable_territories(request.user)
    if not territories.exists():
        return render(request, "practices/writing/not_in_team.html", status=403)
    chosen = territories if territories.count() > 1 else None
    if request.method == "POST":
        form = ActionForm(request.POST, territories=chosen)
        if form.is_valid():
            territory = form.cleaned_data.get("territory") or territories.first()
            try:
                sheet = service.start_sheet(
                    request.user, territory, form.cleaned_data["title"], form.sheet_fields()
                )
            except service.WritingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "Votre brouillon est créé : il est enregistré à chaque étape, vous pouvez "
                        "le reprendre plus tard depuis « Mon compte »."
                    ),
                )
                return redirect(_target(request, sheet, "action"))
        return _render_new(request, form, status=400)
    kept = take_kept_post(request)
    if kept is not None:
        return _render_new(request, ActionForm(kept, territories=chosen))
    return _render_new(request, ActionForm(territories=chosen))


def _render_new(request, form, status=200):
    return render_step(request, None, None, "action", form, status=status, review_comments=[])


def _target(request, sheet, slug) -> str:
    """Where the buttons lead: the next step, the previous one, « Relire et envoyer », or
    the step picked in the side menu."""
    previous, following = neighbours(slug)
    wanted = request.POST.get("aller", "")
    if wanted in ORDER:
        return step_url(sheet, wanted)
    if "precedent" in request.POST and previous:
        return step_url(sheet, previous)
    if "relire" in request.POST:
        return step_url(sheet, SEND)
    return step_url(sheet, following or SEND)


@login_required_keeping_post
def write(request, pk):
    """A draft's first step still missing something, or « Relire et envoyer »."""
    sheet = get_writable_sheet(request, pk)
    missing = service.missing_fields(service.load_draft(sheet))
    first = next((slug for slug in STEPS if slug in missing), SEND)
    return redirect(step_url(sheet, first))


@login_required_keeping_post
def write_step(request, pk, step):
    if step not in STEPS:
        raise Http404
    sheet = get_writable_sheet(request, pk)
    draft = service.load_draft(sheet)
    handler = STEPS[step]
    if request.method != "POST":
        return _show_step(request, sheet, draft, step)
    form = handler.form(request, draft)
    stay = _handle_in_page_action(request, draft, step)
    if stay == "rerender":
        return render_step(request, sheet, draft, step, form)
    if not handler.is_valid(form):
        return render_step(request, sheet, draft, step, form, status=400)

    def apply(current):
        handler.apply(form, current, request)
        if stay:
            stay(current)

    try:
        service.save_step(
            sheet,
            request.user,
            apply,
            base_revision_id=_int(request.POST.get("revision")),
            overwrite_revision_id=_int(request.POST.get("ecraser")),
        )
    except service.Conflict as conflict:
        return render_step(request, sheet, draft, step, form, status=409, conflict=conflict)
    except service.WritingError as error:
        messages.error(request, str(error))
        return render_step(request, sheet, draft, step, form, status=409)
    if stay:  # a tag or a file taken off: the same step again, saved
        messages.success(request, _("Modification enregistrée."))
        return redirect(step_url(sheet, step))
    return redirect(_target(request, sheet, step))


def _show_step(request, sheet, draft, step):
    """The step, filled with what was typed before the session expired if anything was kept
    (shown, not saved: the person checks it and saves)."""
    kept = take_kept_post(request)
    if kept is None:
        return render_step(request, sheet, draft, step, STEPS[step].form(request, draft))
    request.POST, request.method = kept, "POST"  # the forms read the kept answers
    form = STEPS[step].form(request, draft)
    request.method = "GET"
    extra = {"revision_id": kept.get("revision")} if kept.get("revision") else {}
    return render_step(request, sheet, draft, step, form, **extra)


def _handle_in_page_action(request, draft, step):
    """Buttons that stay on the step: « Ajouter un résultat » and the filter box re-render
    without saving; « Retirer » (a tag, a file) saves and comes back."""
    post = request.POST
    if "ajouter" in post or "filtrer" in post:
        return "rerender"
    if post.get("retirer_terme"):
        return lambda current: None  # the form left the term out: save, then the same step
    if post.get("retirer_fichier", "").isdigit():
        from practices.writing.forms_files import remove_attachment

        position = int(post["retirer_fichier"])
        return lambda current: remove_attachment(current, position)
    return None


def _int(value):
    return int(value) if str(value or "").isdigit() else None
