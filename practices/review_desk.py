"""The review desks in « Mon compte » (accounts.dashboard_sections): « Fiches à valider » for the
référents (the sheets of their territories waiting at the référent's step) and « À publier »
for the facilitators (the sheets the référents approved). Who may act on what is the
workflow tasks' own rule (``practices.permissions.task_states_to_review``: the same as
Wagtail's admin and as the review page), so the desk never lists a sheet the person may not
decide on. Oldest first, with the waiting time; a link to the sheet's review on the site
(``practices:review``). The same queries whatever the number of sheets."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Workflow

from practices.permissions import task_states_to_review
from practices.workflow import PUBLICATION_TASK_NAME, REFERENT_TASK_NAME, WORKFLOW_NAME

SHOWN = 20
TITLES = {
    REFERENT_TASK_NAME: (_("Fiches à valider"), "titre-fiches-a-valider"),
    PUBLICATION_TASK_NAME: (_("Fiches à publier"), "titre-fiches-a-publier"),
}


def _desk(user, task):
    """The sheets waiting at ``task`` that ``user`` may decide on, oldest first."""
    from practices.models import PracticeSheetPage

    states = list(
        task_states_to_review(user, task)
        .select_related("workflow_state__requested_by")
        .order_by("started_at", "pk")[: SHOWN + 1]
    )
    sheets = PracticeSheetPage.objects.select_related("territory").in_bulk(
        [int(state.workflow_state.object_id) for state in states]
    )
    now = timezone.now()
    rows = []
    for state in states[:SHOWN]:
        sheet = sheets.get(int(state.workflow_state.object_id))
        if sheet is None:
            continue  # a territory folder or another page in this workflow
        rows.append(
            {
                "sheet": sheet,
                "since": state.started_at,
                "days": (now - state.started_at).days,
                "requested_by": state.workflow_state.requested_by,
                "review_url": reverse("practices:review", args=[sheet.pk]),
            }
        )
    return rows, len(states) > SHOWN


def review_desk_section(request) -> str:
    user = request.user
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    if workflow is None or not user.is_authenticated:
        return ""
    desks = []
    for task in workflow.tasks.filter(active=True).order_by("workflow_tasks__sort_order"):
        if task.name not in TITLES:
            continue
        rows, more = _desk(user, task)
        if rows:
            title, anchor = TITLES[task.name]
            desks.append({"title": title, "anchor": anchor, "rows": rows, "more": more})
    if not desks:
        return ""
    return render_to_string("practices/review_desk_section.html", {"desks": desks}, request=request)
