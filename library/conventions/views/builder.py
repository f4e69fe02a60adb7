"""The builder: starting a draft, then one page per step (``drafts.STEPS``), each saved when it
is valid."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from library.conventions.drafts import (
    STEP_LABELS,
    STEP_SLUGS,
    STEPS,
    choose_clauses,
    create_draft,
    save_answers,
)
from library.conventions.forms import STEP_FORMS
from library.conventions.forms.partners import PartnersStepForm
from library.conventions.models import ConventionModel
from library.conventions.views._common import _builder_guard, _get_draft, _steps_nav
from website.submit_once import submit_once


def _initial(draft, step):
    form_class = STEP_FORMS[step]
    answers = draft.answers or {} if draft else {}
    if step == "modele":
        return (
            {"convention_model": draft.convention_model_id, "title": draft.title} if draft else {}
        )
    if hasattr(form_class, "initial_from"):
        return form_class.initial_from(answers)
    return {}


@submit_once(gettext_lazy("Ce projet de convention avait déjà été créé."))
def builder_start(request):
    guard = _builder_guard(request)
    if guard:
        return guard
    return _step(request, None, "modele")


def draft_step(request, pk, step):
    guard = _builder_guard(request)
    if guard:
        return guard
    if step not in STEP_FORMS:
        raise Http404
    draft = _get_draft(request, pk)
    return _step(request, draft, step)


def _step(request, draft, step):
    form_class = STEP_FORMS[step]
    kwargs = {"draft": draft, "user": request.user}
    if form_class is PartnersStepForm:
        existing = len((draft.answers or {}).get("parties") or []) if draft else 0
        wanted = existing + 1
        if request.method == "POST":
            rows = request.POST.get("rows") or ""
            if rows.isdigit():
                wanted = max(wanted, int(rows))
            if "ajouter" in request.POST:
                wanted += 1
        kwargs["rows"] = wanted
    initial = _initial(draft, step)
    if step == "modele" and draft is None and request.GET.get("modele"):
        chosen = ConventionModel.objects.filter(
            slug=request.GET["modele"], is_published=True
        ).first()
        if chosen:
            initial["convention_model"] = chosen.pk
    if request.method == "POST":
        if form_class is PartnersStepForm and "ajouter" in request.POST:
            # Only asked for one more row: show it, keep everything typed, save nothing (and
            # do not show errors for a step the person has not submitted yet).
            typed = {key: request.POST.get(key) for key in request.POST if key != "partners"}
            typed["partners"] = request.POST.getlist("partners")
            form = form_class(initial=typed, **kwargs)
            return _render_step(request, draft, step, form, added_row=True)
        form = form_class(request.POST, initial=initial, **kwargs)
        if form.is_valid():
            draft = _save_step(request, draft, step, form)
            return redirect(_next_url(request, draft, step))
        return _render_step(request, draft, step, form, status=400)
    form = form_class(initial=initial, **kwargs)
    return _render_step(request, draft, step, form)


def _save_step(request, draft, step, form):
    if step == "modele":
        if draft is None:
            draft = create_draft(
                request.user, form.cleaned_data["convention_model"], form.cleaned_data["title"]
            )
            messages.success(
                request, _("Votre projet est créé : il est enregistré à chaque étape.")
            )
            return draft
        return save_answers(draft, request.user, {}, title=form.cleaned_data["title"])
    if step == "clauses":
        return choose_clauses(draft, request.user, form.answers())
    return save_answers(draft, request.user, form.answers())


def _next_url(request, draft, step):
    index = STEP_SLUGS.index(step)
    if "precedent" in request.POST and index > 0:
        target = STEP_SLUGS[index - 1]
    elif "recapitulatif" in request.POST or index + 1 >= len(STEP_SLUGS):
        return reverse("conventions:draft_summary", kwargs={"pk": draft.pk})
    else:
        target = STEP_SLUGS[index + 1]
    return reverse("conventions:draft_step", kwargs={"pk": draft.pk, "step": target})


def _render_step(request, draft, step, form, status=200, added_row=False):
    index = STEP_SLUGS.index(step)
    context = {
        "draft": draft,
        "step": step,
        "step_label": STEP_LABELS[step],
        "step_number": index + 1,
        "step_count": len(STEPS),
        "next_label": STEP_LABELS[STEP_SLUGS[index + 1]] if index + 1 < len(STEPS) else None,
        "steps": _steps_nav(draft, step),
        "form": form,
        "added_row": added_row,
    }
    if step == "clauses":
        context["groups"] = form.section_groups()
    template = (
        f"conventions/builder/step_{step}.html"
        if step in ("partenaires", "clauses")
        else "conventions/builder/step.html"
    )
    return render(request, template, context, status=status)
