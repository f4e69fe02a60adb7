"""Signals of the practices app.

- A territory gets its folder page and its team group (with permissions) when it is created.
- A person is in the team group of a territory exactly while their membership is accepted
  (``Membership`` saves and deletes, whichever code makes them: services, admin, factories).
- The e-mails of the sheet workflow replace Wagtail's own workflow e-mails (see below).
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from accounts.models import Membership, Territory


@receiver(post_save, sender=Territory, dispatch_uid="practices_territory_folder")
def create_territory_folder(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    from practices.permissions import ensure_territory_team
    from practices.services import ensure_territory_folder

    ensure_territory_folder(instance)
    ensure_territory_team(instance)  # after the folder: the team's page permissions are on it


@receiver(post_save, sender=Membership, dispatch_uid="practices_team_group_on_save")
def sync_team_on_membership_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from practices.permissions import sync_team_membership

    sync_team_membership(instance.user, instance.territory)


@receiver(post_delete, sender=Membership, dispatch_uid="practices_team_group_on_delete")
def sync_team_on_membership_delete(sender, instance, **kwargs):
    from practices.permissions import sync_team_membership

    sync_team_membership(instance.user, instance.territory)


# --- Workflow e-mails ----------------------------------------------------------------------------
#
# Wagtail sends its workflow e-mails synchronously, in English templates, straight through SMTP,
# from receivers that ``wagtail.admin`` connects in its ``AppConfig.ready()``
# (``wagtail/admin/signal_handlers.py``). No setting turns them off (the only switches are per
# user profile, or WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS for superusers only).
# So we connect our receivers under the same (signal, sender, dispatch_uid) keys:
# - this module is imported by ``practices`` ready(), which runs before ``wagtail.admin``'s
#   (project apps come first in INSTALLED_APPS): Django ignores a later ``connect()`` whose
#   dispatch_uid is already there, so Wagtail's receivers are never connected;
# - should the order change, the ``disconnect()`` below removes Wagtail's receivers first.
# For pages that are not practice sheets, our receivers hand over to Wagtail's notifiers, so the
# rest of the site keeps Wagtail's behaviour.


def _wagtail_notifier(name):
    from wagtail.admin import signal_handlers

    return getattr(signal_handlers, name)


def on_task_submitted(sender, instance=None, user=None, **kwargs):
    from practices import notifications
    from practices.workflow import is_sheet_workflow_state

    if is_sheet_workflow_state(instance.workflow_state):
        notifications.task_started(instance, user=user)
    else:
        _wagtail_notifier("task_submission_email_notifier")(
            sender=sender, instance=instance, user=user, **kwargs
        )


def on_workflow_submitted(sender, instance=None, user=None, **kwargs):
    from practices.workflow import is_sheet_workflow_state

    # For sheets, the start of the référent step (task_submitted) sends the e-mail.
    if not is_sheet_workflow_state(instance):
        _wagtail_notifier("workflow_submission_email_notifier")(
            sender=sender, instance=instance, user=user, **kwargs
        )


def on_workflow_rejected(sender, instance=None, user=None, **kwargs):
    from practices import notifications
    from practices.workflow import is_sheet_workflow_state

    if is_sheet_workflow_state(instance):
        notifications.changes_requested(instance, user=user)
    else:
        _wagtail_notifier("workflow_rejection_email_notifier")(
            sender=sender, instance=instance, user=user, **kwargs
        )


def on_workflow_approved(sender, instance=None, user=None, **kwargs):
    from practices import notifications
    from practices.workflow import is_sheet_workflow_state

    if is_sheet_workflow_state(instance):
        notifications.published(instance, user=user)
    else:
        _wagtail_notifier("workflow_approval_email_notifier")(
            sender=sender, instance=instance, user=user, **kwargs
        )


WORKFLOW_EMAIL_RECEIVERS = [
    # (signal, sender, Wagtail's dispatch_uid, our receiver)
    (
        task_submitted,
        TaskState,
        "group_approval_task_submitted_email_notification",
        on_task_submitted,
    ),
    (
        workflow_submitted,
        WorkflowState,
        "workflow_state_submitted_email_notification",
        on_workflow_submitted,
    ),
    (
        workflow_rejected,
        WorkflowState,
        "workflow_state_rejected_email_notification",
        on_workflow_rejected,
    ),
    (
        workflow_approved,
        WorkflowState,
        "workflow_state_approved_email_notification",
        on_workflow_approved,
    ),
]


def take_over_workflow_emails():
    for signal, sender, dispatch_uid, handler in WORKFLOW_EMAIL_RECEIVERS:
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
        signal.connect(handler, sender=sender, dispatch_uid=dispatch_uid, weak=False)


take_over_workflow_emails()


def _invalidate_facet_counts(sender, **kwargs):
    from practices.filters import invalidate_counts

    invalidate_counts()


def _connect_facet_invalidation():
    from django.db.models.signals import post_delete
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from practices.models import PracticeSheetPage

    for signal in (page_published, page_unpublished, post_delete):
        signal.connect(
            _invalidate_facet_counts,
            sender=PracticeSheetPage,
            dispatch_uid=f"practices_facets_{signal!r}",
        )
    post_page_move.connect(_invalidate_facet_counts, dispatch_uid="practices_facets_move")


_connect_facet_invalidation()
