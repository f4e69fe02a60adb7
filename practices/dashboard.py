"""« Mes fiches » in « Mon compte » (accounts.dashboard_sections): the sheets of the person's
teams with their state — brouillon, en validation (at which step), à modifier (with the
référent's comment), publiée (with changes waiting or not), dépubliée — their last change and who
made it. Shown to team members only; the same queries whatever the number of sheets."""

from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page, WorkflowState

from accounts.permissions import member_territory_ids
from practices.permissions import can_edit_sheet

SHOWN = 20


def _workflow_states(sheets) -> dict[int, WorkflowState]:
    """The workflow in progress or waiting for changes of each sheet, by page id."""
    states = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=[str(sheet.pk) for sheet in sheets],
        status__in=(WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES),
    ).select_related("current_task_state__task")
    return {int(state.object_id): state for state in states}


def sheet_state(sheet, workflow_state) -> tuple[str, str, str]:
    """(label, badge class, comment) of a sheet for its team."""
    task_state = workflow_state.current_task_state if workflow_state else None
    if workflow_state and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        comment = (task_state.comment if task_state else "") or ""
        return _("À modifier"), "fr-badge--warning", comment
    if workflow_state:
        step = task_state.task.name if task_state else ""
        label = _("En validation : %(step)s") % {"step": step} if step else _("En validation")
        return label, "fr-badge--info", ""
    if sheet.live:
        if sheet.has_unpublished_changes:
            return _("Publiée, modifications non envoyées"), "fr-badge--new", ""
        return _("Publiée"), "fr-badge--success", ""
    if sheet.first_published_at:
        return _("Dépubliée"), "fr-badge--error", ""
    return _("Brouillon"), "", ""


def team_sheets_section(request) -> str:
    from practices.models import PracticeSheetPage

    user = request.user
    territory_ids = member_territory_ids(user)
    if not territory_ids:
        return ""
    sheets = list(
        PracticeSheetPage.objects.filter(territory_id__in=territory_ids)
        .select_related("territory", "latest_revision__user")
        .order_by("-latest_revision_created_at", "-pk")[: SHOWN + 1]
    )
    states = _workflow_states(sheets) if sheets else {}
    for sheet in sheets[:SHOWN]:
        sheet.state_label, sheet.state_class, sheet.state_comment = sheet_state(
            sheet, states.get(sheet.pk)
        )
        revision = sheet.latest_revision
        sheet.changed_by = revision.user if revision else None
        editable = can_edit_sheet(user, sheet)
        sheet.edit_url = reverse("practices:write", args=[sheet.pk]) if editable else None
    return render_to_string(
        "practices/dashboard_section.html",
        {"sheets": sheets[:SHOWN], "more": len(sheets) > SHOWN, "several": len(territory_ids) > 1},
        request=request,
    )
