"""The one place that answers « may this person… » about indicator reports. Views, exports, the
comparison, the dashboard and (later) the API all call these functions.

- A territory's team (accepted members and référents) drafts and corrects its reports.
- A territory's référents validate them, or send them back; so may DGCS administrators, for a
  territory left without a référent.
- Values not validated yet are seen only by the team, its référents, facilitators and the DGCS;
  everyone else (commissioners, visitors) sees validated values only.
- The national dashboard is for facilitators and DGCS administrators."""

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.permissions import (
    is_dgcs_admin,
    is_facilitator,
    member_territory_ids,
    referent_territory_ids,
)
from reports.models import Report


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def sees_every_draft(user) -> bool:
    return _active(user) and (is_facilitator(user) or is_dgcs_admin(user))


def draft_territory_ids(user) -> frozenset[int] | None:
    """Territories whose unvalidated values this person may see; ``None`` means all of them."""
    if sees_every_draft(user):
        return None
    if not _active(user):
        return frozenset()
    return member_territory_ids(user)


def can_see_drafts_of(user, territory) -> bool:
    ids = draft_territory_ids(user)
    return ids is None or territory.pk in ids


def visible_reports_q(user, prefix: str = "") -> Q:
    """A filter on reports (``prefix`` for a relation, e.g. ``"report__"``): validated ones for
    everyone, plus the open versions of the territories whose drafts this person may see."""
    status = f"{prefix}status"
    validated = Q(**{status: Report.Status.VALIDATED})
    ids = draft_territory_ids(user)
    open_statuses = {f"{status}__in": Report.OPEN_STATUSES}
    if ids is None:
        return validated | Q(**open_statuses)
    if not ids:
        return validated
    return validated | Q(**open_statuses, **{f"{prefix}territory_id__in": ids})


def visible_reports(user):
    return Report.objects.filter(visible_reports_q(user))


def can_view_report(user, report: Report) -> bool:
    if report.status in (Report.Status.VALIDATED, Report.Status.SUPERSEDED):
        return True
    return can_see_drafts_of(user, report.territory)


def can_draft_for(user, territory) -> bool:
    """Start a report, or a correction, for ``territory``."""
    return _active(user) and territory.pk in member_territory_ids(user)


def why_cannot_edit(user, report: Report) -> str | None:
    if not can_draft_for(user, report.territory):
        return _("Seule l’équipe du territoire « %(territory)s » peut saisir son bilan.") % {
            "territory": report.territory.name
        }
    if report.status == Report.Status.SUBMITTED:
        return _("Ce bilan attend la validation du référent : il ne peut plus être modifié.")
    if report.status in (Report.Status.VALIDATED, Report.Status.SUPERSEDED):
        return _("Ce bilan est validé : pour le modifier, ouvrez une correction.")
    return None


def can_edit(user, report: Report) -> bool:
    return why_cannot_edit(user, report) is None


def can_submit(user, report: Report) -> bool:
    return can_edit(user, report)


def can_validate_for(user, territory) -> bool:
    if not _active(user):
        return False
    return territory.pk in referent_territory_ids(user) or is_dgcs_admin(user)


def why_cannot_validate(user, report: Report) -> str | None:
    if not can_validate_for(user, report.territory):
        return _(
            "Seuls les référents du territoire « %(territory)s » peuvent valider son bilan."
        ) % {"territory": report.territory.name}
    if report.status != Report.Status.SUBMITTED:
        return _("Ce bilan n’a pas été envoyé pour validation.")
    return None


def can_validate(user, report: Report) -> bool:
    return why_cannot_validate(user, report) is None


def can_open_correction(user, report: Report) -> bool:
    return report.status == Report.Status.VALIDATED and can_draft_for(user, report.territory)


def can_view_dashboard(user) -> bool:
    return sees_every_draft(user)


def can_send_reminders(user) -> bool:
    return sees_every_draft(user)
