"""French dates and numbers for the dashboard's cells, its e-mails and its CSV."""

from decimal import Decimal

from django.utils import dateformat, formats, timezone


def french_date(value) -> str:
    """« 7 décembre 2026 », « 1er octobre 2026 »."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value).date()
    text = dateformat.format(value, "j F Y")
    return "1er" + text[1:] if value.day == 1 else text


def french_number(value) -> str:
    """« 20 000 », « 1 200,5 »: grouped thousands, decimal comma, no useless zeros."""
    if value is None:
        return ""
    value = Decimal(value)
    decimals = 0 if value == value.to_integral_value() else 2
    return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)
