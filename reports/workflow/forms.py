"""The report's form: one fieldset per indicator of the kit (its value, per quarter too where the
indicator asks for it, source, method and comment), the « ambitions revues à la baisse » flag;
and the small forms of the decisions (send back with a comment, open a correction).

Numbers are read the French way: « 1 234,5 » (spaces, non-breaking or not, between thousands,
a decimal comma) as well as « 1234.5 »."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from dsfr.utils import dsfr_input_class_attr

from accounts.forms import DsfrFormMixin
from reports.services import ValueRow
from taxonomy.models import ResultIndicator

QUARTERS = (1, 2, 3, 4)
TEXT_FIELDS = ("source", "methode", "commentaire")
MAX_VALUE = Decimal("999999999999.99")  # max_digits=14, decimal_places=2
_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_decimal(text: str) -> Decimal | None:
    """« 1 234,5 » → 1234.5; ``None`` for an empty text; ``ValueError`` when it is no number."""
    text = _SPACES.sub("", text or "")
    if not text:
        return None
    if "," in text and "." in text:
        raise ValueError(text)
    text = text.replace(",", ".")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", text):
        raise ValueError(text)
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the pattern excludes it
        raise ValueError(text) from exc


def format_decimal(value) -> str:
    """A stored value as the form shows it again: « 1234,5 », « 120 »."""
    if value is None:
        return ""
    text = format(value.normalize() if value == value.to_integral_value() else value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


class FrenchDecimalField(forms.CharField):
    """A number typed the French way, checked against the indicator's kind of value."""

    def __init__(self, *, indicator, **kwargs):
        self.indicator = indicator
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update(inputmode="decimal", autocomplete="off", maxlength=30)

    def to_python(self, value):
        text = super().to_python(value)
        if len(text) > 30:
            raise forms.ValidationError(_("Ce nombre est trop long."), code="invalid")
        try:
            number = parse_decimal(text)
        except ValueError:
            raise forms.ValidationError(
                _("Écrivez un nombre, par exemple 120 ou 12,5."), code="invalid"
            ) from None
        if number is not None:
            self._check(number)
        return number

    def _check(self, number: Decimal) -> None:
        kind = self.indicator.value_kind
        if number < 0:
            raise forms.ValidationError(_("La valeur ne peut pas être négative."))
        if number > MAX_VALUE:
            raise forms.ValidationError(_("Ce nombre est trop grand."))
        if kind == ResultIndicator.ValueKind.RATE and number > 100:
            raise forms.ValidationError(_("Un taux est un pourcentage entre 0 et 100."))
        if kind == ResultIndicator.ValueKind.COUNT and number != number.to_integral_value():
            raise forms.ValidationError(
                _(
                    "Cet indicateur compte des %(unit)s\u00a0: écrivez un nombre entier, "
                    "par exemple 120."
                )
                % {"unit": self.indicator.unit}
            )
        if number != number.quantize(Decimal("0.01")):
            raise forms.ValidationError(_("Arrondissez à deux chiffres après la virgule."))


def _text(label, max_length, help_text="", rows=None):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        help_text=help_text,
        widget=widget,
    )


class ReportForm(DsfrFormMixin, forms.Form):
    """Field names start with the indicator's identifier: ``droits-ouverts__valeur``,
    ``…__t1`` to ``…__t4``, ``…__source``, ``…__methode``, ``…__commentaire``."""

    scaled_back = forms.BooleanField(
        label=gettext_lazy("Le territoire a revu ses ambitions à la baisse cette année"),
        required=False,
        help_text=gettext_lazy(
            "Objectifs réduits, périmètre resserré, faute de moyens ou d’accord des partenaires…"
        ),
    )
    scaled_back_reason = forms.CharField(
        label=gettext_lazy("Pourquoi\u00a0? (si la case est cochée)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, indicators, report, **kwargs):
        self.indicators = list(indicators)
        kwargs.setdefault("initial", initial_data(report, self.indicators))
        super().__init__(*args, **kwargs)
        for indicator in self.indicators:
            self._add_indicator_fields(indicator)
        # The mixin styled the fields it found; style the ones added since.
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)

    def _add_indicator_fields(self, indicator) -> None:
        slug = indicator.slug
        unit = indicator.unit
        self.fields[f"{slug}__valeur"] = FrenchDecimalField(
            indicator=indicator,
            label=_("Valeur de l’année (%(unit)s)") % {"unit": unit},
            help_text=_value_hint(indicator),
        )
        if indicator.quarterly:
            for quarter in QUARTERS:
                self.fields[f"{slug}__t{quarter}"] = FrenchDecimalField(
                    indicator=indicator,
                    label=_("Trimestre %(n)s (%(unit)s)") % {"n": quarter, "unit": unit},
                )
        self.fields[f"{slug}__source"] = _text(
            _("Source (facultatif)"), 300, _("Tableau de suivi, données de la CAF…")
        )
        self.fields[f"{slug}__methode"] = _text(
            _("Méthode de calcul (facultatif)"),
            2000,
            _("Si elle s’écarte de la définition du kit."),
            rows=2,
        )
        self.fields[f"{slug}__commentaire"] = _text(_("Commentaire (facultatif)"), 2000, rows=2)

    def clean(self):
        data = super().clean()
        if data.get("scaled_back") and not (data.get("scaled_back_reason") or "").strip():
            self.add_error(
                "scaled_back_reason",
                _("Dites en quelques mots pourquoi les ambitions ont été revues."),
            )
        return data

    def fieldsets(self, previous=None) -> list[dict]:
        """One entry per indicator, for the template: the indicator, its bound fields and the
        value to compare with (``previous``: by indicator id and quarter)."""
        previous = previous or {}
        fieldsets = []
        for indicator in self.indicators:
            slug = indicator.slug
            fieldsets.append(
                {
                    "indicator": indicator,
                    "previous": previous.get((indicator.pk, 0)),
                    "value": self[f"{slug}__valeur"],
                    "quarters": [self[f"{slug}__t{q}"] for q in QUARTERS]
                    if indicator.quarterly
                    else [],
                    "texts": [self[f"{slug}__{name}"] for name in TEXT_FIELDS],
                }
            )
        return fieldsets

    def error_items(self) -> list[tuple[str, str, str]]:
        """(field id, label, message) for the summary at the top, labels naming the indicator."""
        labels = {}
        for indicator in self.indicators:
            for name in self.fields:
                if name.startswith(f"{indicator.slug}__"):
                    labels[name] = f"{indicator.label} — {self.fields[name].label}"
        items = [("", "", error) for error in self.non_field_errors()]
        for name, errors in self.errors.items():
            if name == "__all__":
                continue
            label = labels.get(name, self.fields[name].label)
            items.extend((self[name].auto_id, label, error) for error in errors)
        return items

    def families(self, previous=None) -> list[dict]:
        """The fieldsets grouped by family of indicators, families in the kit's order."""
        from library.kit.services import indicator_families

        by_pk = {f["indicator"].pk: f for f in self.fieldsets(previous)}
        families = indicator_families(self.indicators)
        for family in families:
            family["fieldsets"] = [by_pk[i.pk] for i in family["indicators"]]
        return families

    def value_rows(self) -> list[ValueRow]:
        """What to save: every indicator of the form, ``None`` for a value left empty."""
        rows = []
        for indicator in self.indicators:
            slug = indicator.slug
            texts = {
                "source": self.cleaned_data.get(f"{slug}__source", ""),
                "method": self.cleaned_data.get(f"{slug}__methode", ""),
                "comment": self.cleaned_data.get(f"{slug}__commentaire", ""),
            }
            quarters = [(0, "valeur")]
            if indicator.quarterly:
                quarters += [(q, f"t{q}") for q in QUARTERS]
            for quarter, suffix in quarters:
                value = self.cleaned_data.get(f"{slug}__{suffix}")
                rows.append(ValueRow(indicator.pk, quarter, value, **texts))
        return rows


def _value_hint(indicator) -> str:
    kind = ResultIndicator.ValueKind
    if indicator.value_kind == kind.COUNT:
        return _("Un nombre entier, par exemple 1\u00a0200.")
    if indicator.value_kind == kind.RATE:
        return _("Un pourcentage entre 0 et 100, par exemple 45,5.")
    return _("Un nombre positif, par exemple 1\u00a0234,5.")


def initial_data(report, indicators) -> dict:
    """The form's values from the report's (one pass over its values)."""
    by_key = {(v.indicator_id, v.quarter): v for v in report.values.all()}
    initial = {"scaled_back": report.scaled_back, "scaled_back_reason": report.scaled_back_reason}
    for indicator in indicators:
        slug = indicator.slug
        year = by_key.get((indicator.pk, 0))
        initial[f"{slug}__valeur"] = format_decimal(year.value) if year else ""
        for quarter in QUARTERS:
            value = by_key.get((indicator.pk, quarter))
            initial[f"{slug}__t{quarter}"] = format_decimal(value.value) if value else ""
        # Source, method and comment: those of the year's value, else of a quarter's.
        texts = year or next(
            (by_key[(indicator.pk, q)] for q in QUARTERS if (indicator.pk, q) in by_key), None
        )
        initial[f"{slug}__source"] = texts.source if texts else ""
        initial[f"{slug}__methode"] = texts.method if texts else ""
        initial[f"{slug}__commentaire"] = texts.comment if texts else ""
    return initial


class DecisionForm(forms.Form):
    VALIDATE = "valider"
    SEND_BACK = "renvoyer"

    decision = forms.ChoiceField(
        choices=[(VALIDATE, VALIDATE), (SEND_BACK, SEND_BACK)],
        error_messages={"required": gettext_lazy("Choisissez de valider ou de renvoyer.")},
    )
    comment = forms.CharField(
        label=gettext_lazy("Commentaire pour l’équipe"),
        max_length=2000,
        required=False,
        help_text=gettext_lazy(
            "Obligatoire pour renvoyer le bilan\u00a0: dites ce qu’il faut reprendre."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.SEND_BACK and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Dites à l’équipe ce qu’il faut reprendre."))
        return data


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Raison de la correction"),
        max_length=2000,
        help_text=gettext_lazy(
            "Par exemple\u00a0: doublons retirés du décompte. Elle reste dans l’historique "
            "du bilan."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": gettext_lazy(
                "Indiquez la raison de la correction\u00a0: elle reste dans l’historique."
            )
        },
    )
