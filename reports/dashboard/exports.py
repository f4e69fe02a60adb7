"""The completeness table as CSV (semicolons, UTF-8 with a byte order mark, cells never run as
formulas: ``website.spreadsheets``), with the filters of the page."""

from django.utils import timezone
from django.utils.translation import gettext as _

from reports.dashboard.formatting import french_date
from website import spreadsheets


def _cell_text(cell) -> str:
    text = cell.label
    if cell.late:
        text += " — " + _("en retard")
    if cell.correction_open:
        text += " — " + _("correction en cours")
    return text


def completeness_csv(table):
    years = [c.year for c in table.campaigns]
    filename = f"bilans-completude-{timezone.localdate():%Y-%m-%d}.csv"
    response = spreadsheets.csv_response(filename)
    out = spreadsheets.writer(response)
    header = [_("Territoire"), _("Région"), _("Département"), _("Type"), _("Vague")]
    header += [_("Bilan %(year)s") % {"year": year} for year in years]
    header += [
        _("Dernière relance (bilan %(year)s)") % {"year": table.year},
        _("Personnes inscrites dans l’équipe"),
    ]
    out.writerow(header)
    for row in table.rows:
        territory = row.territory
        out.writerow(
            [
                territory.name,
                territory.region.name,
                territory.departement_code,
                territory.get_kind_display(),
                territory.get_cohort_display() or "",
                *[_cell_text(cell) for cell in row.cells],
                french_date(row.last_reminder),
                row.members,
            ]
        )
    return response
