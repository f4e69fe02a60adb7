"""French typography shared by templates, e-mails, exports and documents (see the project's
French UI rules): dates with « 1er », one time format (« 14 h 30 », « 14 h »), grouped numbers
with a decimal comma, « d’ » before a vowel. The month and day names come from Django's French
translation; the functions read local time for aware datetimes."""

import datetime
from decimal import Decimal

from django.utils import dateformat, formats, timezone

NBSP = "\u00a0"
VOWELS = "aàâäeéèêëiîïoôöuùûüyhœæAÀÂÄEÉÈÊËIÎÏOÔÖUÙÛÜYHŒÆ"


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def french_date(value, weekday: bool = False, year: bool = True) -> str:
    """« 7 décembre 2026 », « 1er octobre 2026 », « mardi 1er octobre » (weekday, no year)."""
    if value in (None, ""):
        return ""
    value = _local(value)
    day = "1er" if value.day == 1 else str(value.day)
    text = f"{day} {dateformat.format(value, 'F')}"
    if year:
        text += f" {value.year}"
    if weekday:
        text = f"{dateformat.format(value, 'l')} {text}"
    return text


def french_time(value) -> str:
    """« 14 h 30 », « 9 h », « 0 h 05 »: one format across the site."""
    if value in (None, ""):
        return ""
    value = _local(value)
    if value.minute:
        return f"{value.hour}{NBSP}h{NBSP}{value.minute:02d}"
    return f"{value.hour}{NBSP}h"


def french_datetime(value, weekday: bool = False, year: bool = True) -> str:
    """« 7 décembre 2026 à 14 h 30 »."""
    if value in (None, ""):
        return ""
    return f"{french_date(value, weekday=weekday, year=year)} à {french_time(value)}"


def french_number(value) -> str:
    """« 20 000 », « 1 200,5 »: grouped thousands, decimal comma, no useless zeros."""
    if value in (None, ""):
        return ""
    value = Decimal(value)
    exponent = value.normalize().as_tuple().exponent
    decimals = min(max(-exponent, 0), 2) if isinstance(exponent, int) else 0
    return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)


def of(name: str) -> str:
    """« d’Alex », « de Bruno »: the preposition « de » elided before a vowel or a mute h."""
    name = (name or "").strip()
    if not name:
        return ""
    return f"d’{name}" if name[0] in VOWELS else f"de {name}"
