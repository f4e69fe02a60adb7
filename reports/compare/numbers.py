"""Numbers written the French way: narrow no-break space between thousands, decimal comma, no
useless zeros, a no-break space before the unit (« 1 234,5 personnes », « 12 % »)."""

from decimal import ROUND_HALF_UP, Decimal

THOUSANDS = "\u202f"
BEFORE_UNIT = "\u00a0"


def rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def french(value, places: int = 2) -> str:
    if value is None:
        return "—"
    value = rounded(Decimal(value), places)
    sign = "-" if value < 0 else ""
    integer, _dot, decimals = f"{abs(value):f}".partition(".")
    groups = []
    while integer:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    decimals = decimals.rstrip("0")
    text = sign + THOUSANDS.join(groups or ["0"])
    return f"{text},{decimals}" if decimals else text


def with_unit(value, unit: str, places: int = 2) -> str:
    if value is None:
        return "—"
    return f"{french(value, places)}{BEFORE_UNIT}{unit}" if unit else french(value, places)


def spreadsheet(value) -> str:
    """A number for a French CSV file: decimal comma, no grouping."""
    if value is None:
        return ""
    return french(value, 2).replace(THOUSANDS, "")
