"""« Comparer les territoires » (/bilans/comparer/) and its exports (export.csv, export.xlsx).
Open to everyone: the figures come from the reports the reader may see (reports.permissions),
validated ones for most people."""

from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reports.compare import charts, exports, filters, query
from reports.compare.numbers import french, with_unit

EXPORTS = {"csv": exports.csv_response, "xlsx": exports.xlsx_response}


def _cell_view(cell, unit: str, places: int) -> dict:
    if cell is None:
        return {"text": "—", "missing": True}
    text = with_unit(cell.shown, unit, places) if cell.shown is not None else "—"
    return {
        "text": text,
        "note": cell.basis if cell.shown is None else "",
        "draft": not cell.is_validated,
        "value": with_unit(cell.value, cell.unit),
    }


def _summary_view(comparison, unit: str, places: int) -> list[dict]:
    cells = []
    for summary in comparison.summaries:
        figure = summary.total if comparison.sums else summary.median
        count = ngettext("%(count)s territoire", "%(count)s territoires", summary.count) % {
            "count": french(summary.count)
        }
        cells.append({"text": with_unit(figure, unit, places), "count": count})
    return cells


def _non_additive_reason(comparison) -> str:
    if comparison.selection.display == filters.PER_INHABITANTS:
        return _("Des valeurs pour 1 000 habitants ne s’additionnent pas.")
    if comparison.selection.display == filters.RATE:
        return _("Des taux ne s’additionnent pas.")
    if comparison.indicator.value_kind == comparison.indicator.ValueKind.AVERAGE:
        return _("Des moyennes ne s’additionnent pas.")
    return _("Des taux ne s’additionnent pas.")


def summary_sentence(comparison, unit: str, places: int) -> str:
    """What the summary row adds (or why it does not add)."""
    summary = comparison.last_summary
    if summary is None:
        return ""
    numbers = {"count": french(summary.count), "year": summary.year}
    if not summary.count:
        return _("Aucun territoire n’a déclaré de valeur en %(year)s.") % numbers
    if comparison.sums:
        numbers["total"] = with_unit(summary.total, unit, places)
        return (
            ngettext(
                "Total du seul territoire qui a déclaré une valeur en %(year)s : %(total)s.",
                "Total des %(count)s territoires qui ont déclaré une valeur en %(year)s : "
                "%(total)s.",
                summary.count,
            )
            % numbers
        )
    numbers["median"] = with_unit(summary.median, unit, places)
    sentence = (
        ngettext(
            "Un seul territoire a déclaré une valeur en %(year)s : %(median)s.",
            "Médiane des %(count)s territoires qui ont déclaré une valeur en %(year)s : "
            "%(median)s (la moitié des territoires est au-dessus, l’autre moitié au-dessous).",
            summary.count,
        )
        % numbers
    )
    return f"{_non_additive_reason(comparison)} {sentence}"


def _page(comparison, selection):
    paginator = Paginator(comparison.rows, filters.PAGE_SIZE)
    if selection.page > paginator.num_pages:
        selection.errors.append(_("Cette page n’existe pas : la première page est montrée."))
        selection.page = 1
    return paginator.page(selection.page)


def _display_choices(selection) -> list[tuple[str, str]]:
    indicator = selection.indicator
    labels = dict(filters.CompareForm.base_fields["affichage"].choices)
    available = [filters.VALUES]
    if indicator and indicator.per_inhabitants:
        available.append(filters.PER_INHABITANTS)
    if indicator and indicator.rate_of_id:
        available.append(filters.RATE)
    return [(value, labels[value]) for value in available]


def _rate_label(selection) -> str:
    indicator = selection.indicator
    if not (indicator and indicator.rate_of_id):
        return ""
    return _("En taux : pour 100 « %(label)s »") % {"label": indicator.rate_of.label}


def compare(request):
    choices = filters.Choices.load()
    form, selection = filters.read(request, choices)
    comparison = query.compare(selection, request.user)
    context = {
        "form": form,
        "choices": choices,
        "selection": selection,
        "comparison": comparison,
        "display_choices": _display_choices(selection),
        "rate_label": _rate_label(selection),
    }
    if selection.indicator is not None:
        unit, places = query.unit_label(selection), query.places(selection)
        page = _page(comparison, selection)
        context.update(
            unit=unit,
            page_obj=page,
            table=[
                (row, [_cell_view(cell, unit, places) for cell in row.cells])
                for row in page.object_list
            ],
            summary_cells=_summary_view(comparison, unit, places),
            summary_sentence=summary_sentence(comparison, unit, places),
            charts=charts.charts(comparison),
            query_string=selection.query_string(),
            previous_query=selection.query_string(page=page.number - 1)
            if page.has_previous()
            else "",
            next_query=selection.query_string(page=page.number + 1) if page.has_next() else "",
        )
    return TemplateResponse(request, "reports/compare/index.html", context)


def export(request, fmt: str):
    if fmt not in EXPORTS:
        raise Http404
    _form, selection = filters.read(request)
    comparison = query.compare(selection, request.user, details=True)
    if selection.indicator is None:
        raise Http404
    return EXPORTS[fmt](comparison)
