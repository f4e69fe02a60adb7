"""The Wagtail workflow « Validation bibliothèque »: a territory's proposal is validated (and so
published) by the facilitators (group « Animateurs »).

``ensure_library_workflow`` creates it and assigns it to the /bibliotheque/ index page, so every
document page goes through it; ``library.bootstrap`` calls it at every deploy. Facilitators and
DGCS administrators, who may publish, can still publish the official documents they write in the
admin directly."""

from django.contrib.auth.models import Group
from django.db import transaction

from accounts import roles

WORKFLOW_NAME = "Validation bibliothèque"
TASK_NAME = "Validation par l’équipe d’animation (bibliothèque)"


@transaction.atomic
def ensure_library_workflow(index):
    """Idempotent; leaves alone what administrators changed since."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=TASK_NAME)
            task.groups.set([Group.objects.get_or_create(name=roles.FACILITATOR)[0]])
        workflow = Workflow.objects.create(name=WORKFLOW_NAME)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    if index is not None:
        WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def document_of(workflow_state):
    """The library document a workflow state is about, or ``None``."""
    from wagtail.models import Page

    from library.models import LibraryDocumentPage

    obj = workflow_state.content_object
    if not isinstance(obj, Page):
        return None
    obj = obj.specific
    return obj if isinstance(obj, LibraryDocumentPage) else None
