"""Months of the list and of the calendar of events: parsing ``AAAA-MM``, bounds in Paris time,
French labels, and the months the list's filter offers."""

import re
from datetime import date, datetime, timedelta

from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(value: str | None) -> date | None:
    """``"2025-03"`` → 1 March 2025; anything else → None."""
    match = MONTH_RE.match(value or "")
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        return None
    return date(year, month, 1)


def next_month(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1)


def previous_month(first: date) -> date:
    return (first - timedelta(days=1)).replace(day=1)


def month_bounds(first: date) -> tuple[datetime, datetime]:
    """Aware datetimes (Paris) of the start of the month and of the next one."""
    tz = timezone.get_current_timezone()
    start = datetime(first.year, first.month, 1, tzinfo=tz)
    following = next_month(first)
    end = datetime(following.year, following.month, 1, tzinfo=tz)
    return start, end


def month_label(first: date) -> str:
    """« décembre 2026 »."""
    return date_format(first, "F Y")


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def month_choices(events, selected: date | None = None) -> list[tuple[str, str]]:
    """The months (oldest first) in which at least one of ``events`` takes place, an event over
    several months counting in each; one query. ``selected`` stays offered even when empty, so
    that the filter shows what was asked for."""
    tz = timezone.get_current_timezone()
    spans = (
        events.order_by()
        .annotate(first=TruncMonth("start", tzinfo=tz), last=TruncMonth("end", tzinfo=tz))
        .values_list("first", "last")
        .distinct()
    )
    months = set()
    for first, last in spans:
        month, last = _as_date(first), _as_date(last)
        while month <= last:
            months.add(month)
            month = next_month(month)
    if selected is not None:
        months.add(selected)
    return [(month.strftime("%Y-%m"), month_label(month)) for month in sorted(months)]
