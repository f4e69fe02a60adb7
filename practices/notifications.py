"""The e-mails of the sheet workflow, queued with ``mailer.services.send_templated`` (sent by a
Celery task once the transaction commits), in French, text + HTML.

- a sheet reaches the référent step (submitted, or resubmitted after changes) → the référents
  of its territory (or the facilitators when the territory has none);
- a sheet reaches the publication step (the référent approved) → the groups of that step
  (the facilitators);
- changes are requested at any step → the person who submitted it, with the comment;
- the sheet is published at the end of the workflow → the person who submitted it.

The person who acted never receives an e-mail about their own action.
``practices.signals`` calls these from Wagtail's workflow signals."""

from django.conf import settings
from django.urls import reverse

from accounts import roles
from accounts.models import Membership, User
from mailer.services import send_templated


def _absolute(url: str) -> str:
    return url if url.startswith("http") else f"{settings.SITE_URL}{url}"


def edit_url(page) -> str:
    """Where the team changes the sheet: the guided form on the site (never the admin)."""
    return _absolute(reverse("practices:write", args=[page.pk]))


def review_url(page) -> str:
    """Where the people who decide read the sheet and decide (« Relire la fiche »)."""
    return _absolute(reverse("practices:review", args=[page.pk]))


def public_url(page) -> str:
    url = page.get_url()
    return _absolute(url) if url else ""


def _emails(users, exclude=None) -> list[str]:
    exclude_pk = getattr(exclude, "pk", None)
    return sorted(
        {user.email for user in users if user.is_active and user.email and user.pk != exclude_pk}
    )


def facilitators():
    return User.objects.filter(is_active=True, groups__name=roles.FACILITATOR).distinct()


def referents_of(territory_id):
    return User.objects.filter(
        is_active=True,
        memberships__territory_id=territory_id,
        memberships__status=Membership.Status.ACCEPTED,
        memberships__role=Membership.Role.REFERENT,
    ).distinct()


def referent_step_recipients(page, exclude=None) -> list[str]:
    """The territory's référents; the facilitators when there is no other référent."""
    emails = _emails(referents_of(page.territory_id), exclude=exclude)
    return emails or _emails(facilitators(), exclude=exclude)


def _context(workflow_state, page, **extra):
    draft = page.get_latest_revision_as_object()
    return {
        "sheet": draft,
        "territory": getattr(page, "territory", None),
        "author": workflow_state.requested_by,
        "workflow": workflow_state.workflow,
        "edit_url": edit_url(page),
        "review_url": review_url(page),
        **extra,
    }


def step_recipients(task_state, exclude=None) -> tuple[list[str], str]:
    """Who acts on this step of the sheet workflow, and the e-mail that tells them."""
    from wagtail.models import AbstractGroupApprovalTask

    from practices.models import TerritoryReferentApprovalTask
    from practices.workflow import workflow_page

    page = workflow_page(task_state.workflow_state)
    task = task_state.task.specific
    if isinstance(task, TerritoryReferentApprovalTask):
        return referent_step_recipients(page, exclude=exclude), "practices/email/sheet_to_review"
    if isinstance(task, AbstractGroupApprovalTask):
        users = User.objects.filter(groups__in=task.groups.all()).distinct()
        return _emails(users, exclude=exclude), "practices/email/sheet_to_publish"
    return [], ""


def task_started(task_state, user=None) -> None:
    """A step of the sheet workflow begins: tell the people who act on it."""
    from practices.workflow import workflow_page

    recipients, template = step_recipients(task_state, exclude=user)
    if recipients:
        workflow_state = task_state.workflow_state
        page = workflow_page(workflow_state)
        task = task_state.task.specific
        send_templated(recipients, template, _context(workflow_state, page, task=task, actor=user))


def still_waiting(task_state, days: int) -> None:
    """A sheet has waited ``days`` days at this step: remind the people who act on it."""
    from practices.workflow import workflow_page

    recipients, _template = step_recipients(task_state)
    if recipients:
        workflow_state = task_state.workflow_state
        page = workflow_page(workflow_state)
        context = _context(workflow_state, page, task=task_state.task.specific, days=days)
        send_templated(recipients, "practices/email/sheet_waiting", context)


def changes_requested(workflow_state, user=None) -> None:
    """A reviewer asked for changes: tell the author, with the reviewer's comment."""
    from practices.workflow import workflow_page

    page = workflow_page(workflow_state)
    author = workflow_state.requested_by
    recipients = _emails([author] if author else [], exclude=user)
    if not recipients:
        return
    task_state = workflow_state.current_task_state
    send_templated(
        recipients,
        "practices/email/sheet_changes_requested",
        _context(
            workflow_state,
            page,
            task=task_state.task.specific if task_state else None,
            comment=task_state.comment if task_state else "",
            reviewer=user,
        ),
    )


def published(workflow_state, user=None) -> None:
    """The last step was approved and the sheet is live: tell the author."""
    from practices.workflow import workflow_page

    page = workflow_page(workflow_state)
    author = workflow_state.requested_by
    recipients = _emails([author] if author else [], exclude=user)
    if not recipients:
        return
    page.refresh_from_db()
    send_templated(
        recipients,
        "practices/email/sheet_published",
        _context(workflow_state, page, publisher=user, sheet_url=public_url(page)),
    )
