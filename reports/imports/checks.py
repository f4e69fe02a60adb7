"""The row-by-row checks of an uploaded collection template, against the report it is for.

``check_table(table, report)`` returns the accepted lines (what will be saved) and the problems,
each naming its row as the spreadsheet numbers it: ``erreur`` (the line is refused),
``attention`` (accepted, but worth a look: a value far from the previous version's, a value
rounded) or ``ignoree`` (no value: the line is left out)."""

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from library.kit import collection
from reports import services
from taxonomy.models import ResultIndicator

ERROR = "erreur"
WARNING = "attention"
IGNORED = "ignoree"
LEVELS = {
    ERROR: gettext_lazy("Ligne refusée"),
    WARNING: gettext_lazy("À vérifier"),
    IGNORED: gettext_lazy("Ligne ignorée"),
}
MAX_VALUE = Decimal("999999999999.99")  # ReportValue.value: 14 digits, 2 decimals
CENT = Decimal("0.01")
TEXT_LIMITS = {"source": 300, "method": 2000, "comment": 2000}
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
QUARTER = re.compile(r"^(?:t|trimestre|trim\.?)\s*(\d+)$")
YEAR_WORDS = {"", "annee", "annee entiere", "an", "annuel", "annuelle"}
KIND = ResultIndicator.ValueKind


def display_number(value) -> str:
    """« 1 234,5 »: French decimals, a narrow no-break space between thousands."""
    if value is None:
        return ""
    text = collection.french_number(Decimal(value))
    whole, comma, decimals = text.partition(",")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return sign + "\u202f".join(groups) + comma + decimals


class RowProblem(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


@dataclass
class Checked:
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    def add(self, row: int, column: str, message: str, level: str) -> None:
        self.problems.append({"row": row, "column": column, "message": message, "level": level})


def header(key: str) -> str:
    return str(dict(collection.COLUMNS)[key])


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_number(value) -> Decimal | None:
    """A number typed the French way (« 1 234,5 », « 12,5 % ») or the English way; ``None``
    when it is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        try:
            return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            return None
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", str(value)).rstrip("%€").strip()
    if "," in cleaned and "." in cleaned:  # the last one is the decimal separator
        decimal, thousands = (",", ".") if cleaned.rfind(",") > cleaned.rfind(".") else (".", ",")
        cleaned = cleaned.replace(thousands, "").replace(decimal, ".")
    else:
        cleaned = cleaned.replace(",", ".")
    if not NUMBER.fullmatch(cleaned):
        return None
    return Decimal(cleaned)


def parse_period(value) -> int | None:
    """0 for the whole year, 1 to 4 for a quarter, ``None`` for anything else."""
    plain = collection.plain(text(value))
    if plain in YEAR_WORDS or re.fullmatch(r"annee \d{4}", plain):
        return 0
    match = QUARTER.match(plain)
    if match and 1 <= int(match.group(1)) <= 4:
        return int(match.group(1))
    return None


class Context:
    """What the rows are checked against: the report, the kit's active indicators, the previous
    version's values."""

    def __init__(self, report):
        self.report = report
        indicators = list(ResultIndicator.objects.filter(is_active=True))
        self.by_slug = {indicator.slug: indicator for indicator in indicators}
        self.by_label = {}
        for indicator in indicators:
            self.by_label.setdefault(collection.plain(indicator.label), indicator)
            label_unit = f"{indicator.label} ({indicator.unit})"
            self.by_label.setdefault(collection.plain(label_unit), indicator)
        self.previous = services.previous_values(report)
        if report.corrects_id:
            self.previous_name = _("la version validée que ce bilan corrige")
        else:
            self.previous_name = _("le bilan %(year)s validé") % {"year": report.year - 1}
        self.seen = {}


def _indicator(cells, context):
    slug = text(cells.get("slug"))
    label = text(cells.get("label"))
    if slug:
        indicator = context.by_slug.get(slug) or context.by_slug.get(slug.lower())
        if indicator is None:
            raise RowProblem(
                header("slug"),
                _(
                    "indicateur « %(slug)s » inconnu du kit d’évaluation : reprenez "
                    "l’identifiant tel qu’il est dans la feuille « Définitions »."
                )
                % {"slug": slug},
            )
        return indicator
    if label:
        indicator = context.by_label.get(collection.plain(label))
        if indicator is None:
            raise RowProblem(
                header("label"),
                _("indicateur « %(label)s » inconnu du kit d’évaluation.") % {"label": label},
            )
        return indicator
    raise RowProblem(header("slug"), _("indiquez l’indicateur (colonne « Identifiant »)."))


def _check_territory_and_year(cells, report):
    territory = text(cells.get("territory"))
    names = {collection.plain(report.territory.name), collection.plain(report.territory.slug)}
    if territory and collection.plain(territory) not in names:
        raise RowProblem(
            header("territory"),
            _(
                "cette ligne est pour « %(other)s », ce bilan est celui du territoire "
                "« %(territory)s »."
            )
            % {"other": territory, "territory": report.territory.name},
        )
    year = text(cells.get("year"))
    if not year:
        return
    if not re.fullmatch(r"\d{4}", year):
        raise RowProblem(
            header("year"),
            _("« %(year)s » n’est pas une année : indiquez par exemple %(report)s.")
            % {"year": year, "report": report.year},
        )
    if int(year) != report.year:
        raise RowProblem(
            header("year"),
            _("cette ligne est pour l’année %(year)s, ce bilan est celui de %(report)s.")
            % {"year": year, "report": report.year},
        )


def _quarter(cells, indicator) -> int:
    raw = text(cells.get("period"))
    quarter = parse_period(raw)
    if quarter is None:
        raise RowProblem(
            header("period"),
            _("période « %(period)s » inconnue : indiquez « Année », ou T1, T2, T3 ou T4.")
            % {"period": raw},
        )
    if quarter and not indicator.quarterly:
        raise RowProblem(
            header("period"),
            _(
                "« %(indicator)s » n’est pas suivi par trimestre : donnez sa valeur pour "
                "l’année entière (période « Année »)."
            )
            % {"indicator": indicator.label},
        )
    return quarter


def _value(raw, percent: bool, indicator, checked, number) -> Decimal:
    value = parse_number(raw)
    column = header("value")
    if value is None:
        raise RowProblem(
            column,
            _("« %(value)s » n’est pas un nombre : indiquez par exemple 1 234,5.")
            % {"value": text(raw)},
        )
    if percent and indicator.value_kind == KIND.RATE:
        value *= 100  # a cell shown as « 12,5 % » holds 0.125
    if value < 0:
        raise RowProblem(column, _("la valeur ne peut pas être négative."))
    if indicator.value_kind == KIND.COUNT and value != value.to_integral_value():
        raise RowProblem(
            column,
            _("« %(indicator)s » compte des %(unit)s : indiquez un nombre entier.")
            % {"indicator": indicator.label, "unit": indicator.unit},
        )
    if indicator.value_kind == KIND.RATE and value > 100:
        raise RowProblem(column, _("un taux est un pourcentage entre 0 et 100."))
    if value > MAX_VALUE:
        raise RowProblem(column, _("la valeur est trop grande."))
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    if rounded != value:
        checked.add(
            number,
            column,
            _("Ligne %(row)s : valeur arrondie à deux décimales (%(value)s).")
            % {"row": number, "value": collection.french_number(rounded)},
            WARNING,
        )
    return rounded


def _texts(cells, checked, number) -> dict:
    texts = {}
    for key, limit in TEXT_LIMITS.items():
        value = text(cells.get(key))
        if len(value) > limit:
            checked.add(
                number,
                header(key),
                _("Ligne %(row)s : texte raccourci à %(limit)s caractères.")
                % {"row": number, "limit": limit},
                WARNING,
            )
            value = value[:limit]
        texts[key] = value
    return texts


def _far_from(value, previous) -> bool:
    """Last year's figure is a reference, not the answer: only a value under half or over twice
    it is worth a look (or any value after a zero)."""
    if previous == 0:
        return value != 0
    return not (previous / 2 <= value <= previous * 2)


def _compare_with_previous(value, indicator, quarter, context, checked, number):
    """A correction: every value changed from the version it corrects is flagged. A first
    version: a value far from last year's."""
    previous = context.previous.get((indicator.pk, quarter))
    if previous is None or previous.value == value:
        return
    if not context.report.corrects_id and not _far_from(value, previous.value):
        return
    checked.add(
        number,
        header("value"),
        _(
            "Ligne %(row)s : %(value)s %(unit)s, alors que %(previous_name)s indiquait "
            "%(previous)s %(unit)s. Vérifiez le chiffre avant d’importer."
        )
        % {
            "row": number,
            "value": display_number(value),
            "previous": display_number(previous.value),
            "unit": indicator.unit,
            "previous_name": context.previous_name,
        },
        WARNING,
    )


def _check_row(number, cells, percent, context, checked):
    if _blank_value(cells.get("value")):
        checked.add(
            number,
            header("value"),
            _("Ligne %(row)s : aucune valeur, ligne ignorée.") % {"row": number},
            IGNORED,
        )
        return
    indicator = _indicator(cells, context)
    _check_territory_and_year(cells, context.report)
    quarter = _quarter(cells, indicator)
    key = (indicator.pk, quarter)
    if key in context.seen:
        raise RowProblem(
            header("slug"),
            _(
                "« %(indicator)s » (%(period)s) figure déjà ligne %(first)s : seule la "
                "première ligne est gardée."
            )
            % {
                "indicator": indicator.label,
                "period": collection.period_label(quarter),
                "first": context.seen[key],
            },
        )
    value = _value(cells.get("value"), percent, indicator, checked, number)
    context.seen[key] = number
    _compare_with_previous(value, indicator, quarter, context, checked, number)
    checked.rows.append(
        {
            "row": number,
            "indicator_id": indicator.pk,
            "quarter": quarter,
            "value": str(value),
            **_texts(cells, checked, number),
        }
    )


def _blank_value(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check_table(table, report) -> Checked:
    context = Context(report)
    checked = Checked()
    for number, cells, percent in table.rows:
        try:
            _check_row(number, cells, percent, context, checked)
        except RowProblem as problem:
            checked.add(
                number,
                problem.column,
                _("Ligne %(row)s : %(message)s") % {"row": number, "message": problem.message},
                ERROR,
            )
    checked.problems.sort(key=lambda problem: problem["row"])
    return checked
