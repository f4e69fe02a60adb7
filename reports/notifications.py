"""The e-mails of the reports, queued with ``mailer.services.send_templated`` (sent once the
transaction commits), in French, text + HTML, with absolute links (``settings.SITE_URL``).

- a report is sent for validation → the territory's référents (the facilitators when it has
  none);
- it is sent back → the team (its members, and whoever sent it), with the comment;
- it is validated → the team.

The person who acted never receives an e-mail about their own action."""

from django.conf import settings
from django.urls import reverse

from accounts import roles
from accounts.models import Membership, User
from mailer.services import send_templated
from reports.models import ReportEvent


def _absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}"


def _emails(users, exclude=None) -> list[str]:
    exclude_pk = getattr(exclude, "pk", None)
    return sorted(
        {user.email for user in users if user.is_active and user.email and user.pk != exclude_pk}
    )


def referents_of(territory_id):
    return User.objects.filter(
        is_active=True,
        memberships__territory_id=territory_id,
        memberships__status=Membership.Status.ACCEPTED,
        memberships__role=Membership.Role.REFERENT,
    ).distinct()


def referent_names(territory) -> list[str]:
    return [user.get_full_name() or user.email for user in referents_of(territory.pk)]


def facilitators():
    return User.objects.filter(is_active=True, groups__name=roles.FACILITATOR).distinct()


def team_of(report):
    """The territory's members, and the person who last sent the report (a référent may have)."""
    members = list(
        User.objects.filter(
            is_active=True,
            memberships__territory_id=report.territory_id,
            memberships__status=Membership.Status.ACCEPTED,
            memberships__role=Membership.Role.MEMBER,
        ).distinct()
    )
    sent = (
        report.events.filter(kind=ReportEvent.Kind.SUBMITTED, user__isnull=False)
        .select_related("user")
        .order_by("-at", "-pk")
        .first()
    )
    return [*members, sent.user] if sent else members


def _context(report, actor, **extra) -> dict:
    args = [report.territory.slug, report.year]
    return {
        "report": report,
        "territory": report.territory,
        "year": report.year,
        "actor": actor.get_full_name() or actor.email if actor else "",
        "detail_url": _absolute(reverse("reports:detail", args=args)),
        "edit_url": _absolute(reverse("reports:edit", args=args)),
        **extra,
    }


def report_sent(report, actor) -> None:
    recipients = _emails(referents_of(report.territory_id), exclude=actor)
    no_referent = not recipients
    if no_referent:
        recipients = _emails(facilitators(), exclude=actor)
    if recipients:
        context = _context(report, actor, no_referent=no_referent)
        send_templated(recipients, "reports/emails/report_sent", context)


def report_sent_back(report, actor, comment: str) -> None:
    recipients = _emails(team_of(report), exclude=actor)
    if recipients:
        send_templated(
            recipients, "reports/emails/report_sent_back", _context(report, actor, comment=comment)
        )


def report_validated(report, actor, comment: str = "") -> None:
    recipients = _emails(team_of(report), exclude=actor)
    if recipients:
        send_templated(
            recipients, "reports/emails/report_validated", _context(report, actor, comment=comment)
        )
