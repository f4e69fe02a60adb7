"""The e-mails of the library, queued with ``mailer.services.send_templated`` (French, text +
HTML, sent by Celery once the transaction commits).

- a proposal reaches the facilitators' step → the members of that step's groups;
- the facilitators request changes → the proposer, with the comment;
- the proposal is published → the proposer;
- a territory team proposes a new version → the facilitators; the decision → its author.

The person who acted never receives an e-mail about their own action."""

from django.conf import settings
from django.urls import reverse

from accounts import roles
from accounts.models import User
from mailer.services import send_templated


def _absolute(url: str) -> str:
    return url if url.startswith("http") else f"{settings.SITE_URL}{url}"


def _emails(users, exclude=None) -> list[str]:
    exclude_pk = getattr(exclude, "pk", None)
    return sorted(
        {user.email for user in users if user.is_active and user.email and user.pk != exclude_pk}
    )


def facilitators():
    return User.objects.filter(is_active=True, groups__name=roles.FACILITATOR).distinct()


def edit_url(document) -> str:
    return _absolute(reverse("wagtailadmin_pages:edit", args=[document.pk]))


def versions_url(document) -> str:
    return _absolute(reverse("library_admin:versions", args=[document.pk]))


def public_url(document) -> str:
    url = document.get_url()
    return _absolute(url) if url else ""


def _context(document, **extra):
    return {
        "document": document,
        "territory": document.territory,
        "edit_url": edit_url(document),
        "versions_url": versions_url(document),
        **extra,
    }


def task_started(task_state, document, user=None) -> None:
    from wagtail.models import AbstractGroupApprovalTask

    task = task_state.task.specific
    if not isinstance(task, AbstractGroupApprovalTask):
        return
    recipients = _emails(User.objects.filter(groups__in=task.groups.all()).distinct(), user)
    if recipients:
        draft = document.get_latest_revision_as_object()
        send_templated(
            recipients,
            "library/email/document_to_review",
            _context(document, draft=draft, author=task_state.workflow_state.requested_by),
        )


def changes_requested(workflow_state, document, user=None) -> None:
    author = workflow_state.requested_by
    recipients = _emails([author] if author else [], exclude=user)
    if not recipients:
        return
    task_state = workflow_state.current_task_state
    send_templated(
        recipients,
        "library/email/document_changes_requested",
        _context(document, comment=task_state.comment if task_state else "", reviewer=user),
    )


def published(workflow_state, document, user=None) -> None:
    author = workflow_state.requested_by
    recipients = _emails([author] if author else [], exclude=user)
    if not recipients:
        return
    document.refresh_from_db()
    send_templated(
        recipients,
        "library/email/document_published",
        _context(document, publisher=user, document_url=public_url(document)),
    )


def version_proposed(version, user=None) -> None:
    recipients = _emails(facilitators(), exclude=user)
    if recipients:
        send_templated(
            recipients,
            "library/email/version_to_review",
            _context(version.document, version=version, author=version.uploaded_by),
        )


def version_decided(version, approved: bool, comment: str = "", user=None) -> None:
    author = version.uploaded_by
    recipients = _emails([author] if author else [], exclude=user)
    if recipients:
        send_templated(
            recipients,
            "library/email/version_decided",
            _context(
                version.document,
                version=version,
                approved=approved,
                comment=comment,
                reviewer=user,
                document_url=public_url(version.document),
            ),
        )
