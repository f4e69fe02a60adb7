"""A draft once started: its summary, updating its clauses to their latest versions, sharing it,
deleting it, and « Mes projets » (the drafts and proposals of the person)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from library.conventions import permissions, services
from library.conventions.document import DEMO_NOTICE, DRAFT_NOTICE
from library.conventions.drafts import (
    STEP_LABELS,
    chosen_clauses,
    incomplete_steps,
    missing_variables,
    share_draft,
    update_to_latest,
)
from library.conventions.forms.sharing import ShareForm
from library.conventions.models import Clause
from library.conventions.views._common import PAGE_SIZE, _builder_guard, _get_draft, _steps_nav


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
            ngettext(
                "Les clauses sont à jour de leur dernière version (%(n)s mise à jour).",
                "Les clauses sont à jour de leur dernière version (%(n)s mises à jour).",
                len(updated),
            )
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
