"""Pages of the clause library (public), the proposals (territory teams, facilitators) and the
convention builder (logged-in members). Thin: rules live in permissions and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from library.conventions import exports, permissions, services
from library.conventions.clauses import decide_proposal, ensure_discussion, propose_clause
from library.conventions.document import DEMO_NOTICE, DRAFT_NOTICE, build_document, export_filename
from library.conventions.drafts import (
    STEP_LABELS,
    STEP_SLUGS,
    STEPS,
    choose_clauses,
    chosen_clauses,
    create_draft,
    incomplete_steps,
    missing_variables,
    model_sections,
    save_answers,
    section_options,
    share_draft,
    step_is_complete,
    update_to_latest,
)
from library.conventions.forms import STEP_FORMS
from library.conventions.forms.partners import PartnersStepForm
from library.conventions.forms.proposals import DecisionForm, ProposalForm
from library.conventions.forms.sharing import ShareForm
from library.conventions.models import (
    VARIABLE_RE,
    Clause,
    ConventionDraft,
    ConventionModel,
    ModelSection,
    Section,
)
from website.submit_once import submit_once

PAGE_SIZE = 20


def highlight_variables(text: str):
    """The clause's text, escaped, with every ``{{ variable }}`` in a <mark>."""
    parts, last = [], 0
    for match in VARIABLE_RE.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(format_html('<mark class="czn-variable">{{{{ {} }}}}</mark>', match.group(1)))
        last = match.end()
    parts.append(escape(text[last:]))
    return format_html_join("", "{}", ((part,) for part in parts))


# --- Clause library ------------------------------------------------------------------------------

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


# --- Model conventions ---------------------------------------------------------------------------


def model_list(request):
    models = ConventionModel.objects.filter(is_published=True).prefetch_related(
        Prefetch("sections", queryset=ModelSection.objects.order_by("position"))
    )
    page_obj = Paginator(models.order_by("title"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "conventions/model_list.html",
        {
            "page_obj": page_obj,
            "models": page_obj.object_list,
            "builder_reason": permissions.why_cannot_use_builder(request.user)
            if request.user.is_authenticated
            else None,
        },
    )


def model_detail(request, slug):
    model = get_object_or_404(ConventionModel, slug=slug, is_published=True)
    sections = []
    for model_section in model_sections(model):
        options = section_options(model_section)
        sections.append((model_section, options))
    return render(
        request,
        "conventions/model_detail.html",
        {"model": model, "sections": sections},
    )


# --- The builder ---------------------------------------------------------------------------------


def _builder_guard(request):
    """Anonymous visitors go to the login page; members who may not build get a 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    reason = permissions.why_cannot_use_builder(request.user)
    if reason:
        raise PermissionDenied(reason)
    return None


def _get_draft(request, pk) -> ConventionDraft:
    draft = get_object_or_404(
        ConventionDraft.objects.select_related("convention_model", "owner", "shared_territory"),
        pk=pk,
    )
    if not permissions.can_view_draft(request.user, draft):
        raise Http404
    return draft


def _steps_nav(draft, current):
    return [
        {
            "slug": slug,
            "label": label,
            "number": index,
            "current": slug == current,
            "complete": draft is not None and step_is_complete(draft, slug),
            "url": reverse("conventions:draft_step", kwargs={"pk": draft.pk, "step": slug})
            if draft is not None
            else None,
        }
        for index, (slug, label) in enumerate(STEPS, start=1)
    ]


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


def draft_summary(request, pk):
    guard = _builder_guard(request)
    if guard:
        return guard
    draft = _get_draft(request, pk)
    chosen = chosen_clauses(draft)
    incomplete = incomplete_steps(draft)
    missing = missing_variables(draft) if "clauses" not in incomplete else []
    return render(
        request,
        "conventions/builder/summary.html",
        {
            "draft": draft,
            "steps": _steps_nav(draft, None),
            "chosen": chosen,
            "outdated": [c for c in chosen if c.outdated],
            "withdrawn": [c for c in chosen if c.clause.is_withdrawn],
            "proposed": [c for c in chosen if c.clause.is_proposed],
            "incomplete": [(slug, STEP_LABELS[slug]) for slug in incomplete],
            "missing": [services.variable_label(name) for name in missing],
            "ready": not incomplete,
            "share_form": ShareForm(
                user=request.user, initial={"territory": draft.shared_territory_id}
            )
            if permissions.can_share_draft(request.user, draft)
            else None,
            "can_delete": permissions.can_delete_draft(request.user, draft),
            "is_owner": draft.owner_id == request.user.pk,
            "answers": draft.answers or {},
            "demo_notice": DEMO_NOTICE,
            "draft_notice": DRAFT_NOTICE,
            "is_demo": draft.convention_model.is_demo or any(c.clause.is_demo for c in chosen),
        },
    )


@require_POST
def draft_update_versions(request, pk):
    guard = _builder_guard(request)
    if guard:
        return guard
    draft = _get_draft(request, pk)
    if not permissions.can_edit_draft(request.user, draft):
        raise PermissionDenied
    updated = update_to_latest(draft, request.user)
    if updated:
        draft.refresh_from_db()
        missing = missing_variables(draft)
        messages.success(
            request,
            _("Les clauses sont à jour de leur dernière version (%(n)s mise(s) à jour).")
            % {"n": len(updated)},
        )
        if missing:
            messages.warning(request, _("La nouvelle version utilise des variables à renseigner."))
            return redirect("conventions:draft_step", pk=draft.pk, step="variables")
    else:
        messages.info(request, _("Les clauses étaient déjà à jour."))
    return redirect(draft.get_absolute_url())


@require_POST
def draft_share(request, pk):
    guard = _builder_guard(request)
    if guard:
        return guard
    draft = _get_draft(request, pk)
    if not permissions.can_share_draft(request.user, draft):
        raise PermissionDenied(_("Seule la personne qui a créé ce projet peut le partager."))
    form = ShareForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choisissez l’un de vos territoires."))
        return redirect(draft.get_absolute_url())
    territory = form.cleaned_data["territory"]
    share_draft(draft, request.user, territory)
    if territory:
        messages.success(
            request,
            _(
                "Le projet est partagé avec l’équipe de %(t)s : ses membres "
                "peuvent le consulter et le modifier."
            )
            % {"t": territory},
        )
    else:
        messages.success(request, _("Le projet n’est plus partagé."))
    return redirect(draft.get_absolute_url())


def draft_delete(request, pk):
    guard = _builder_guard(request)
    if guard:
        return guard
    draft = _get_draft(request, pk)
    if not permissions.can_delete_draft(request.user, draft):
        raise PermissionDenied(_("Seule la personne qui a créé ce projet peut le supprimer."))
    if request.method == "POST":
        title = draft.title
        draft.delete()
        messages.success(request, _("Le projet « %(t)s » est supprimé.") % {"t": title})
        return redirect("conventions:my_drafts")
    return render(request, "conventions/builder/delete.html", {"draft": draft})


def draft_export(request, pk, extension):
    if extension not in ("docx", "pdf"):
        raise Http404
    guard = _builder_guard(request)
    if guard:
        return guard
    draft = _get_draft(request, pk)
    try:
        document = build_document(draft)
    except services.MissingVariables as error:
        messages.error(request, str(error))
        return redirect("conventions:draft_step", pk=draft.pk, step="variables")
    except services.ConventionError as error:
        messages.error(request, str(error))
        return redirect(draft.get_absolute_url())
    if extension == "docx":
        content = exports.to_docx(document)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        content = exports.to_pdf(document)
        content_type = "application/pdf"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(draft, extension)}"'
    return response


def my_drafts(request):
    guard = _builder_guard(request)
    if guard:
        return guard
    drafts = (
        permissions.visible_drafts(request.user)
        .select_related("convention_model", "owner", "shared_territory")
        .order_by("-updated_at")
    )
    page_obj = Paginator(drafts, PAGE_SIZE).get_page(request.GET.get("page"))
    proposals = Clause.objects.filter(proposed_by=request.user).order_by("-created_at")[:50]
    return render(
        request,
        "conventions/builder/my_drafts.html",
        {"page_obj": page_obj, "drafts": page_obj.object_list, "proposals": proposals},
    )
