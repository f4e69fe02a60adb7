"""Confirming or cancelling a pending import. Confirming saves every accepted line in one
transaction (``reports.services.save_values``, which checks that the report may still be edited)
or nothing at all."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reports import services
from reports.models import ReportEvent, ReportImport
from reports.services import ReportError, ValueRow


def _pending(pending: ReportImport) -> ReportImport:
    locked = ReportImport.objects.select_for_update().select_related("report").get(pk=pending.pk)
    if locked.status == ReportImport.Status.CONFIRMED:
        raise ReportError(_("Cet import a déjà été enregistré dans le bilan."))
    if locked.status == ReportImport.Status.CANCELLED:
        raise ReportError(_("Cet import a été abandonné : déposez de nouveau le fichier."))
    return locked


def value_rows(rows) -> list[ValueRow]:
    return [
        ValueRow(
            indicator_id=row["indicator_id"],
            quarter=row["quarter"],
            value=Decimal(row["value"]),
            source=row.get("source", ""),
            method=row.get("method", ""),
            comment=row.get("comment", ""),
        )
        for row in rows
    ]


@transaction.atomic
def confirm(pending: ReportImport, user) -> ReportImport:
    """Save the accepted lines into the report; raises ``ReportError`` (French message) and
    saves nothing when the import is no longer pending, has no accepted line, or the report may
    no longer be edited."""
    pending = _pending(pending)
    if not pending.rows:
        raise ReportError(
            _(
                "Aucune ligne du fichier n’a été acceptée : il n’y a rien à importer. Corrigez "
                "le fichier, puis déposez-le de nouveau."
            )
        )
    count = len(pending.rows)
    comment = ngettext(
        "%(count)s ligne importée depuis « %(file)s »",
        "%(count)s lignes importées depuis « %(file)s »",
        count,
    ) % {"count": count, "file": pending.file_name}
    services.save_values(
        pending.report,
        value_rows(pending.rows),
        user,
        kind=ReportEvent.Kind.IMPORTED,
        comment=comment,
    )
    pending.status = ReportImport.Status.CONFIRMED
    pending.decided_at = timezone.now()
    pending.save(update_fields=["status", "decided_at"])
    return pending


@transaction.atomic
def cancel(pending: ReportImport) -> ReportImport:
    pending = _pending(pending)
    pending.status = ReportImport.Status.CANCELLED
    pending.decided_at = timezone.now()
    pending.save(update_fields=["status", "decided_at"])
    return pending
