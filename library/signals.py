"""Signals of the library.

Workflow e-mails. ``practices.signals`` owns the receivers of Wagtail's workflow signals
(``task_submitted``, ``workflow_*``): sheets get its French e-mails, every other page is handed to
Wagtail's own (English, synchronous) notifiers. For library documents:
- our French e-mails (``library.notifications``) are sent from the workflow models' own saves
  (``post_save`` of ``TaskState`` and ``WorkflowState``, on a change of status), so the practices
  receivers stay as they are;
- Wagtail's notifiers, which practices looks up by name in ``wagtail.admin.signal_handlers`` at
  each call, are wrapped to do nothing for a library document (and behave as before otherwise).

Files: a deleted version takes its file along once committed; files written in a request whose
transaction rolled back are deleted when the request finishes."""

from django.core.signals import request_finished
from django.db.models.signals import post_save, pre_save
from wagtail.models import TaskState, WorkflowState

from library.services import sweep_rolled_back_files

WAGTAIL_NOTIFIERS = [
    "task_submission_email_notifier",
    "workflow_submission_email_notifier",
    "workflow_rejection_email_notifier",
    "workflow_approval_email_notifier",
]


def _document(workflow_state):
    from library.workflow import document_of

    return document_of(workflow_state)


def _wrap_notifier(original):
    def notifier(instance=None, **kwargs):
        state = instance.workflow_state if isinstance(instance, TaskState) else instance
        if state is not None and _document(state) is not None:
            return None  # library documents: our own e-mails, see below
        return original(instance=instance, **kwargs)

    notifier.library_wrapped = True
    return notifier


def silence_wagtail_notifiers_for_documents():
    from wagtail.admin import signal_handlers

    for name in WAGTAIL_NOTIFIERS:
        original = getattr(signal_handlers, name)
        if not getattr(original, "library_wrapped", False):
            setattr(signal_handlers, name, _wrap_notifier(original))


def remember_status(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._library_previous_status = None
        return
    instance._library_previous_status = (
        WorkflowState.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
    )


def workflow_state_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    previous = getattr(instance, "_library_previous_status", None)
    if instance.status == previous:
        return
    if instance.status not in (WorkflowState.STATUS_APPROVED, WorkflowState.STATUS_NEEDS_CHANGES):
        return
    document = _document(instance)
    if document is None:
        return
    from library import notifications

    task_state = instance.current_task_state
    actor = task_state.finished_by if task_state else None
    if instance.status == WorkflowState.STATUS_APPROVED:
        notifications.published(instance, document, user=actor)
    else:
        notifications.changes_requested(instance, document, user=actor)


def task_state_saved(sender, instance, created, raw=False, **kwargs):
    if raw or not created or instance.status != TaskState.STATUS_IN_PROGRESS:
        return
    workflow_state = instance.workflow_state
    document = _document(workflow_state)
    if document is None:
        return
    from library import notifications

    notifications.task_started(instance, document, user=workflow_state.requested_by)


silence_wagtail_notifiers_for_documents()
pre_save.connect(remember_status, sender=WorkflowState, dispatch_uid="library_workflow_status")
post_save.connect(
    workflow_state_saved, sender=WorkflowState, dispatch_uid="library_workflow_state_saved"
)
post_save.connect(task_state_saved, sender=TaskState, dispatch_uid="library_task_state_saved")
request_finished.connect(sweep_rolled_back_files, dispatch_uid="library_sweep_files")


def _delete_file_after_commit(sender, instance, **kwargs):
    """A deleted version (or a deleted document's versions) takes its file along, once the
    deletion is committed."""
    from django.db import transaction

    from library.services import _delete_name

    storage, name = instance.file.storage, instance.file.name
    if name:
        transaction.on_commit(lambda: _delete_name(storage, name))


def _connect_file_cleanup():
    from django.db.models.signals import post_delete

    from library.models import DocumentVersion

    post_delete.connect(
        _delete_file_after_commit, sender=DocumentVersion, dispatch_uid="library_version_file"
    )


_connect_file_cleanup()
