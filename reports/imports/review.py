"""What the review page of a pending import shows: the counts, the problems, the accepted values
as they will be saved next to the report's current ones."""

from decimal import Decimal

from django.urls import NoReverseMatch, reverse

from library.kit import collection
from reports import permissions
from reports.imports import checks, reading
from reports.imports.checks import display_number
from taxonomy.models import ResultIndicator


def report_url(report) -> str:
    """The report's page if the site has it, else the import page."""
    args = [report.territory.slug, report.year]
    try:
        return reverse("reports:detail", args=args)
    except NoReverseMatch:
        return reverse("reports:import", args=args)


def _accepted(pending) -> list[dict]:
    ids = {row["indicator_id"] for row in pending.rows}
    indicators = ResultIndicator.objects.in_bulk(ids)
    current = {(v.indicator_id, v.quarter): v for v in pending.report.values.all()}
    lines = []
    for row in pending.rows:
        indicator = indicators.get(row["indicator_id"])
        existing = current.get((row["indicator_id"], row["quarter"]))
        lines.append(
            {
                "row": row["row"],
                "indicator": indicator,
                "period": collection.period_label(row["quarter"]),
                "value": display_number(row["value"]),
                "current": display_number(existing.value) if existing else "",
                "changed": existing is not None and existing.value != Decimal(row["value"]),
                "source": row.get("source", ""),
                "method": row.get("method", ""),
                "comment": row.get("comment", ""),
            }
        )
    return lines


def context(pending, user) -> dict:
    problems = pending.problems
    errors = [p for p in problems if p["level"] == checks.ERROR]
    warnings = [p for p in problems if p["level"] == checks.WARNING]
    ignored = [p["row"] for p in problems if p["level"] == checks.IGNORED]
    report = pending.report
    reason = permissions.why_cannot_edit(user, report)
    listed = [
        {**p, "level_label": checks.LEVELS[p["level"]]}
        for p in problems
        if p["level"] in (checks.ERROR, checks.WARNING)
    ]
    return {
        "pending": pending,
        "report": report,
        "territory": report.territory,
        "year": report.year,
        "accepted": _accepted(pending),
        "accepted_count": len(pending.rows),
        "refused_count": len({p["row"] for p in errors}),
        "warning_count": len(warnings),
        "ignored_rows": ", ".join(str(row) for row in ignored),
        "ignored_count": len(ignored),
        "problems": listed,
        "reason": reason,
        "is_pending": pending.status == pending.Status.PENDING,
        "can_confirm": pending.status == pending.Status.PENDING
        and reason is None
        and bool(pending.rows),
        "report_url": report_url(report),
        "formats_hint": reading.accepted_formats_hint(),
    }
