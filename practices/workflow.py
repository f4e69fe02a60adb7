"""The Wagtail workflow of the practice sheets: written by the team → approved by a référent of
the territory → published by the facilitators.

``ensure_sheet_workflow`` creates it and assigns it to the /fiches/ index page (so every sheet,
in every territory folder, goes through it); ``website.bootstrap`` calls it at every deploy.
Revisions, comparison and the history of the steps are Wagtail's."""

from django.contrib.auth.models import Group
from django.db import transaction

from accounts import roles

WORKFLOW_NAME = "Validation des fiches pratiques"
REFERENT_TASK_NAME = "Validation par le référent du territoire"
PUBLICATION_TASK_NAME = "Publication par l’équipe d’animation"


@transaction.atomic
def ensure_sheet_workflow(index):
    """Create the workflow and its two tasks, and assign it to the index page. Idempotent, and
    leaves alone what administrators changed since (tasks, groups, another assigned workflow)."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    from practices.models import TerritoryReferentApprovalTask

    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        referent_task = TerritoryReferentApprovalTask.objects.filter(
            name=REFERENT_TASK_NAME
        ).first() or TerritoryReferentApprovalTask.objects.create(name=REFERENT_TASK_NAME)
        publication_task = GroupApprovalTask.objects.filter(name=PUBLICATION_TASK_NAME).first()
        if publication_task is None:
            publication_task = GroupApprovalTask.objects.create(name=PUBLICATION_TASK_NAME)
            publication_task.groups.set([Group.objects.get_or_create(name=roles.FACILITATOR)[0]])
        workflow = Workflow.objects.create(name=WORKFLOW_NAME)
        for order, task in enumerate([referent_task, publication_task]):
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    if index is not None:
        WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def is_sheet_page(page) -> bool:
    from practices.models import PracticeSheetPage

    return page is not None and issubclass(page.specific_class or type(page), PracticeSheetPage)


def workflow_page(workflow_state):
    """The page a workflow state is about (specific), or ``None`` for a snippet."""
    from wagtail.models import Page

    obj = workflow_state.content_object
    return obj.specific if isinstance(obj, Page) else None


def is_sheet_workflow_state(workflow_state) -> bool:
    """Our e-mails are for sheets; other pages keep Wagtail's own notifications."""
    page = workflow_page(workflow_state)
    return page is not None and is_sheet_page(page)
