"""« Relancer » : an e-mail to a territory's team (accepted members and référents) about a
year's report, with the link to the report; recorded as a ``ReportReminder`` and, when the
report exists, as a step of its history. At most one reminder a day for a territory and year;
a territory without an accepted member is not reminded (there is nobody to write to)."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Membership, Territory, User
from mailer.services import send_templated
from reports import permissions
from reports.dashboard.formatting import french_date
from reports.models import ReportEvent, ReportingCampaign, ReportReminder
from reports.services import current_report

TEMPLATE = "reports/emails/reminder"


@dataclass
class Outcome:
    territory: Territory
    sent: int = 0
    reason: str = ""

    @property
    def ok(self) -> bool:
        return not self.reason


def recipients(territory) -> list[str]:
    users = User.objects.filter(
        is_active=True,
        memberships__territory=territory,
        memberships__status=Membership.Status.ACCEPTED,
    ).distinct()
    return sorted({user.email for user in users if user.email})


def report_url(territory, year: int) -> str:
    try:
        path = reverse("reports:detail", args=[territory.slug, year])
    except NoReverseMatch:  # the report's page is served by another module of /bilans/
        path = f"/bilans/{territory.slug}/{year}/"
    return f"{settings.SITE_URL}{path}"


def reminded_today(territory, year: int) -> bool:
    return ReportReminder.objects.filter(
        territory=territory, year=year, sent_at__date=timezone.localdate()
    ).exists()


def why_not(territory, year: int) -> str | None:
    """Why this territory is not reminded now, or ``None``."""
    if reminded_today(territory, year):
        return _(
            "Le territoire %(territory)s a déjà été relancé aujourd’hui pour le bilan "
            "%(year)s : une relance par jour au plus."
        ) % {"territory": territory.name, "year": year}
    if not recipients(territory):
        return _(
            "Le territoire %(territory)s n’a aucune équipe inscrite : personne à relancer."
        ) % {"territory": territory.name}
    return None


def _context(territory, year, report, user) -> dict:
    campaign = ReportingCampaign.objects.filter(year=year).first()
    due_on = campaign.due_on if campaign else None
    return {
        "territory": territory,
        "year": year,
        "report": report,
        "status": report.get_status_display() if report else _("rien n’a encore été saisi"),
        "due_on": french_date(due_on),
        "is_late": bool(due_on and due_on < timezone.localdate()),
        "report_url": report_url(territory, year),
        "sender": user.get_full_name() if hasattr(user, "get_full_name") else "",
    }


@transaction.atomic
def send_reminder(territory, year: int, user) -> Outcome:
    """Remind the team of ``territory`` about its ``year`` report (see the module's rules)."""
    if not permissions.can_send_reminders(user):
        return Outcome(territory, reason=_("Seules l’équipe d’animation et la DGCS relancent."))
    territory = Territory.objects.select_for_update().get(pk=territory.pk)  # one at a time
    reason = why_not(territory, year)
    if reason:
        return Outcome(territory, reason=reason)
    emails = recipients(territory)
    report = current_report(territory, year)
    context = _context(territory, year, report, user)
    for email in emails:  # one e-mail each: the team's addresses are not shown to each other
        send_templated(email, TEMPLATE, context)
    ReportReminder.objects.create(
        territory=territory, year=year, sent_by=user, recipients=len(emails)
    )
    if report is not None:
        comment = ngettext(
            "Relance envoyée à %(count)s personne.",
            "Relance envoyée à %(count)s personnes.",
            len(emails),
        ) % {"count": len(emails)}
        ReportEvent.objects.create(
            report=report, kind=ReportEvent.Kind.REMINDER, user=user, comment=comment
        )
    return Outcome(territory, sent=len(emails))


def send_reminders(territories, year: int, user) -> list[Outcome]:
    return [send_reminder(territory, year, user) for territory in territories]
