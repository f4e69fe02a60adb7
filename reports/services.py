"""What happens to a report: started, filled (by the form or an import), sent, sent back,
validated, corrected. Every change runs in a transaction that locks the report's row, checks
the permission (``reports.permissions``) and records a ``ReportEvent``; the views and the import
call these functions and show the ``ReportError`` message when one is raised."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports import permissions
from reports.models import Report, ReportEvent, ReportValue


class ReportError(Exception):
    """A French message for the person, when an action is refused."""


@dataclass(frozen=True)
class ValueRow:
    """A value typed or imported: ``value`` ``None`` removes the indicator's value."""

    indicator_id: int
    quarter: int
    value: Decimal | None
    source: str = ""
    method: str = ""
    comment: str = ""


def current_report(territory, year: int) -> Report | None:
    """The open version of the territory's year if there is one, else the validated one."""
    versions = Report.objects.filter(territory=territory, year=year).exclude(
        status=Report.Status.SUPERSEDED
    )
    by_status = {report.status: report for report in versions}
    for status in Report.OPEN_STATUSES:
        if status in by_status:
            return by_status[status]
    return by_status.get(Report.Status.VALIDATED)


def sent_years() -> set[int]:
    """The years some territory has sent a report for (a campaign that has only just opened,
    with drafts at most, is not one: the lists open on the one before)."""
    return set(
        Report.objects.exclude(status=Report.Status.DRAFT)
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )


def previous_values(report: Report) -> dict[tuple[int, int], ReportValue]:
    """The values of the last validated version before ``report`` (the one it corrects, or
    last year's when it is a first version), by (indicator id, quarter)."""
    source = report.corrects
    if source is None:
        source = (
            Report.objects.filter(
                territory_id=report.territory_id,
                year=report.year - 1,
                status=Report.Status.VALIDATED,
            )
            .order_by("-version")
            .first()
        )
    if source is None:
        return {}
    return {(v.indicator_id, v.quarter): v for v in source.values.select_related("indicator")}


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update().select_related("territory").get(pk=report.pk)


def _event(report, kind, user, comment=""):
    return ReportEvent.objects.create(report=report, kind=kind, user=user, comment=comment)


@transaction.atomic
def start_report(territory, year: int, user) -> Report:
    if not permissions.can_draft_for(user, territory):
        raise ReportError(
            _("Seule l’équipe du territoire « %(territory)s » peut saisir son bilan.")
            % {"territory": territory.name}
        )
    existing = current_report(territory, year)
    if existing is not None:
        return existing
    report = Report.objects.create(territory=territory, year=year, created_by=user)
    _event(report, ReportEvent.Kind.CREATED, user)
    return report


@transaction.atomic
def save_values(report, rows, user, kind=ReportEvent.Kind.EDITED, comment="") -> Report:
    """Write ``rows`` (``ValueRow``) into the report, all or nothing: a value replaces the one of
    the same indicator and quarter; ``None`` removes it. Values of indicators not in ``rows``
    stay as they were."""
    from taxonomy.models import ResultIndicator

    report = _locked(report)
    reason = permissions.why_cannot_edit(user, report)
    if reason:
        raise ReportError(reason)
    units = dict(ResultIndicator.objects.values_list("pk", "unit"))
    existing = {(v.indicator_id, v.quarter): v for v in report.values.all()}
    for row in rows:
        key = (row.indicator_id, row.quarter)
        current = existing.get(key)
        if row.value is None:
            if current is not None:
                current.delete()
            continue
        fields = {
            "value": row.value,
            "unit": units.get(row.indicator_id, ""),
            "source": row.source.strip(),
            "method": row.method.strip(),
            "comment": row.comment.strip(),
        }
        if current is None:
            ReportValue.objects.create(
                report=report, indicator_id=row.indicator_id, quarter=row.quarter, **fields
            )
        else:
            for name, value in fields.items():
                setattr(current, name, value)
            current.save()
    report.save(update_fields=["updated_at"])
    _event(report, kind, user, comment)
    return report


@transaction.atomic
def set_scaled_back(report, user, scaled_back: bool, reason: str) -> Report:
    report = _locked(report)
    why = permissions.why_cannot_edit(user, report)
    if why:
        raise ReportError(why)
    if scaled_back and not reason.strip():
        raise ReportError(_("Dites en quelques mots pourquoi les ambitions ont été revues."))
    report.scaled_back = scaled_back
    report.scaled_back_reason = reason.strip() if scaled_back else ""
    report.save(update_fields=["scaled_back", "scaled_back_reason", "updated_at"])
    return report


@transaction.atomic
def submit(report, user, comment="") -> Report:
    report = _locked(report)
    why = permissions.why_cannot_edit(user, report)
    if why:
        raise ReportError(why)
    if not report.values.exists():
        raise ReportError(
            _("Le bilan ne contient encore aucune valeur : saisissez-en au moins une.")
        )
    report.status = Report.Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.save(update_fields=["status", "submitted_at", "updated_at"])
    _event(report, ReportEvent.Kind.SUBMITTED, user, comment)
    return report


@transaction.atomic
def request_changes(report, user, comment: str) -> Report:
    report = _locked(report)
    why = permissions.why_cannot_validate(user, report)
    if why:
        raise ReportError(why)
    if not comment.strip():
        raise ReportError(_("Dites à l’équipe ce qu’il faut reprendre."))
    report.status = Report.Status.CHANGES_REQUESTED
    report.save(update_fields=["status", "updated_at"])
    _event(report, ReportEvent.Kind.CHANGES_REQUESTED, user, comment.strip())
    return report


@transaction.atomic
def validate(report, user, comment="") -> Report:
    """Lock the report; the version it corrects, if any, is marked replaced."""
    report = _locked(report)
    why = permissions.why_cannot_validate(user, report)
    if why:
        raise ReportError(why)
    replaced = Report.objects.select_for_update().filter(
        territory_id=report.territory_id, year=report.year, status=Report.Status.VALIDATED
    )
    for old in replaced:
        old.status = Report.Status.SUPERSEDED
        old.save(update_fields=["status", "updated_at"])
        _event(old, ReportEvent.Kind.SUPERSEDED, user, _("Version %(v)s") % {"v": report.version})
    report.status = Report.Status.VALIDATED
    report.validated_by = user
    report.validated_at = timezone.now()
    report.save(update_fields=["status", "validated_by", "validated_at", "updated_at"])
    _event(report, ReportEvent.Kind.VALIDATED, user, comment)
    return report


@transaction.atomic
def open_correction(report, user, reason: str) -> Report:
    """A new version of a validated report, with its values copied and the reason given; the
    validated version stays what readers see until the correction is validated."""
    report = _locked(report)
    if not permissions.can_open_correction(user, report):
        raise ReportError(_("Seule l’équipe du territoire peut corriger un bilan validé."))
    if not reason.strip():
        raise ReportError(_("Indiquez la raison de la correction : elle reste dans l’historique."))
    if Report.objects.filter(
        territory_id=report.territory_id, year=report.year, status__in=Report.OPEN_STATUSES
    ).exists():
        raise ReportError(_("Une correction de ce bilan est déjà en cours."))
    latest = (
        Report.objects.filter(territory_id=report.territory_id, year=report.year)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    correction = Report.objects.create(
        territory=report.territory,
        year=report.year,
        version=latest + 1,
        corrects=report,
        correction_reason=reason.strip(),
        scaled_back=report.scaled_back,
        scaled_back_reason=report.scaled_back_reason,
        created_by=user,
    )
    ReportValue.objects.bulk_create(
        ReportValue(
            report=correction,
            indicator_id=v.indicator_id,
            quarter=v.quarter,
            value=v.value,
            unit=v.unit,
            source=v.source,
            method=v.method,
            comment=v.comment,
        )
        for v in report.values.all()
    )
    _event(correction, ReportEvent.Kind.CORRECTION, user, reason.strip())
    return correction
