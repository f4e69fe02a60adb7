"""The comparison's charts, drawn on the server as inline SVG (no script): bars per territory for
the last year, lines over the years. Each is an image with a title and a description that says
what it shows; the same figures are in the table next to it. Colours are the DSFR's, dark enough
on the white background the chart brings with it (also in dark mode); drafts are outlined bars,
and every bar and line is named in text, so colour is never the only cue."""

import math
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reports.compare import query
from reports.compare.numbers import french

BAR_LIMIT = 30
LINE_LIMIT = 10
WIDTH = 760
TEXT = "#161616"
AXIS = "#666666"
GRID = "#dddddd"
BLUE = "#000091"
PALETTE = (
    "#000091",
    "#c9191e",
    "#18753c",
    "#b34000",
    "#6e445a",
    "#006a6f",
    "#3558a2",
    "#66673d",
    "#a94645",
    "#7d4e5b",
)
DASHES = ("", "6 3", "2 3")
NAME_LENGTH = 30


def _short(name: str) -> str:
    return name if len(name) <= NAME_LENGTH else name[: NAME_LENGTH - 1] + "…"


def _nice_max(value: Decimal) -> float:
    value = float(value)
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _svg(chart_id: str, height: int, title: str, desc: str, body: list[str]) -> str:
    # Every text in it is escaped above or here; the numbers and colours are ours.
    return mark_safe(  # noqa: S308
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="{chart_id}-titre {chart_id}-desc" '
        f'font-family="Marianne, arial, sans-serif" font-size="13">'
        f'<title id="{chart_id}-titre">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>' + "".join(body) + "</svg>"
    )


def bar_rows(comparison) -> list:
    rows = [row for row in comparison.rows if row.last_shown is not None]
    return sorted(rows, key=lambda r: (-r.last_shown, r.territory.name))[:BAR_LIMIT]


def bars(comparison, unit: str, places: int) -> dict | None:
    """Horizontal bars, the largest first, for the last selected year."""
    rows = bar_rows(comparison)
    if not rows:
        return None
    year = comparison.selection.last_year
    top = _nice_max(rows[0].last_shown)
    label_width, bar_width, row_height, top_margin = 230, 360, 26, 8
    body = []
    for index, row in enumerate(rows):
        y = top_margin + index * row_height
        value = row.last_shown
        length = max(1.0, float(value) / top * bar_width) if value > 0 else 0
        text = f"{french(value, places)}\u00a0{unit}"
        if not row.last.is_validated:
            text += " " + _("(non validé)")
            fill = f'fill="#ffffff" stroke="{BLUE}" stroke-width="2"'
        else:
            fill = f'fill="{BLUE}"'
        body.append(
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" fill="{TEXT}">'
            f"{escape(_short(row.territory.name))}</text>"
            f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="18" {fill}/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 17}" fill="{TEXT}">'
            f"{escape(text)}</text>"
        )
    height = top_margin * 2 + len(rows) * row_height
    highest, lowest = rows[0], rows[-1]
    desc = _(
        "Barres horizontales, une par territoire, de la plus grande valeur à la plus petite, "
        "pour %(year)s : %(highest)s pour %(high_name)s, %(lowest)s pour %(low_name)s."
    ) % {
        "year": year,
        "highest": f"{french(highest.last_shown, places)} {unit}",
        "high_name": highest.territory.name,
        "lowest": f"{french(lowest.last_shown, places)} {unit}",
        "low_name": lowest.territory.name,
    }
    title = _("%(indicator)s en %(year)s, par territoire") % {
        "indicator": comparison.indicator.label,
        "year": year,
    }
    shown = len([r for r in comparison.rows if r.last_shown is not None])
    return {
        "svg": _svg("graphique-barres", height, title, desc, body),
        "capped": shown > BAR_LIMIT,
        "count": len(rows),
        "total": shown,
    }


def line_rows(comparison) -> list:
    rows = [r for r in comparison.rows if any(c and c.shown is not None for c in r.cells)]

    def size(row):
        values = [c.shown for c in reversed(row.cells) if c and c.shown is not None]
        return (-(row.last_shown if row.last_shown is not None else values[0]), row.territory.name)

    return sorted(rows, key=size)[:LINE_LIMIT]


def _y_axis(top: float, left: int, plot_top: int, plot_height: int, right: int, places: int):
    body = []
    for step in range(5):
        fraction = step / 4
        y = plot_top + plot_height * (1 - fraction)
        body.append(
            f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{AXIS}">'
            f"{escape(french(Decimal(str(top * fraction)), places))}</text>"
        )
    return body


def lines(comparison, unit: str, places: int) -> dict | None:
    """One line per territory over the selected years, for the ten largest at most."""
    rows = line_rows(comparison)
    years = comparison.years
    if not rows or len(years) < 2:
        return None
    left, plot_top, plot_width, plot_height, legend_x = 70, 16, 380, 240, 480
    values = [c.shown for r in rows for c in r.cells if c and c.shown is not None]
    top = _nice_max(max(values))
    body = _y_axis(top, left, plot_top, plot_height, left + plot_width, places)

    def x(index):
        return left + plot_width * index / (len(years) - 1)

    for index, year in enumerate(years):
        body.append(
            f'<text x="{x(index):.1f}" y="{plot_top + plot_height + 20}" text-anchor="middle" '
            f'fill="{AXIS}">{year}</text>'
        )
    for number, row in enumerate(rows):
        body.extend(
            _series(
                number,
                row,
                x,
                lambda value: plot_top + plot_height * (1 - value / top),
                legend_x,
                plot_top,
            )
        )
    total = sum(1 for r in comparison.rows if any(c and c.shown is not None for c in r.cells))
    desc = ngettext(
        "Une ligne par territoire de %(start)s à %(end)s, en %(unit)s, pour %(count)s territoire"
        " : %(names)s.",
        "Une ligne par territoire de %(start)s à %(end)s, en %(unit)s, pour %(count)s territoires"
        " : %(names)s.",
        len(rows),
    ) % {
        "start": years[0],
        "end": years[-1],
        "unit": unit,
        "count": len(rows),
        "names": ", ".join(r.territory.name for r in rows),
    }
    title = _("%(indicator)s de %(start)s à %(end)s") % {
        "indicator": comparison.indicator.label,
        "start": years[0],
        "end": years[-1],
    }
    height = plot_top + plot_height + 32
    return {
        "svg": _svg("graphique-lignes", height, title, desc, body),
        "capped": total > LINE_LIMIT,
        "count": len(rows),
        "total": total,
    }


def _series(number, row, x, y, legend_x, plot_top) -> list[str]:
    """One territory's line, its points and its legend entry (colour and dash pattern)."""
    colour, dash = PALETTE[number % len(PALETTE)], DASHES[number % len(DASHES)]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    points = [
        (x(i), y(float(c.shown))) for i, c in enumerate(row.cells) if c and c.shown is not None
    ]
    path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
    body = [
        f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>'
    ]
    body.extend(
        f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}"/>' for px, py in points
    )
    ly = plot_top + 8 + number * 24
    body.append(
        f'<line x1="{legend_x}" x2="{legend_x + 24}" y1="{ly}" y2="{ly}" stroke="{colour}" '
        f'stroke-width="3"{dash_attr}/>'
        f'<text x="{legend_x + 30}" y="{ly + 4}" fill="{TEXT}">'
        f"{escape(_short(row.territory.name))}</text>"
    )
    return body


def charts(comparison: query.Comparison) -> dict:
    unit = query.unit_label(comparison.selection)
    places = query.places(comparison.selection)
    return {"bars": bars(comparison, unit, places), "lines": lines(comparison, unit, places)}
