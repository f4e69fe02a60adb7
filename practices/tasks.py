"""Background tasks of the practice sheets (Celery)."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone


@shared_task
def remind_waiting_reviews() -> int:
    """Daily: every sheet that has waited a multiple of ``SHEET_REVIEW_REMINDER_DAYS`` days at
    a step of its workflow (7, 14, 21… by default) is recalled to the people who act on it.
    Returns the number of reminders."""
    from wagtail.models import TaskState, Workflow

    from practices import notifications
    from practices.workflow import WORKFLOW_NAME

    every = settings.SHEET_REVIEW_REMINDER_DAYS
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if not every or workflow is None:
        return 0
    now = timezone.now()
    sent = 0
    states = TaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS, workflow_state__workflow=workflow
    ).select_related("workflow_state", "task")
    for state in states:
        days = (now - state.started_at).days
        if days >= every and days % every == 0:
            notifications.still_waiting(state, days)
            sent += 1
    return sent
