"""Step « Résultats »: the values of the evaluation kit's indicators, one row each (indicator,
value in its unit, a year or two dates, source or method, comment), and « pas encore mesurés ».
« Ajouter un résultat » adds a row without saving or losing anything typed."""

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.forms import DsfrFormMixin
from practices.models import ResultLine
from practices.models.sheet_form import french_decimals
from practices.writing.forms import DATE
from taxonomy.models import ResultIndicator


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.label} ({obj.unit})"


def indicator_choices(queryset):
    """The kit's indicators grouped by family (``<optgroup>``)."""
    groups = {}
    for indicator in queryset:
        groups.setdefault(indicator.get_family_display(), []).append(
            (indicator.pk, f"{indicator.label} ({indicator.unit})")
        )
    return [("", _("Choisissez un indicateur du kit")), *groups.items()]


class ResultForm(DsfrFormMixin, forms.Form):
    indicator = IndicatorChoiceField(
        label=_("Indicateur"),
        queryset=ResultIndicator.objects.none(),
        error_messages={"required": _("Choisissez l’indicateur du kit que ce chiffre mesure.")},
    )
    value = forms.DecimalField(
        label=_("Valeur"),
        max_digits=14,
        decimal_places=2,
        help_text=_("Dans l’unité de l’indicateur, par exemple 120 ou 0,5."),
        error_messages={
            "required": _("Donnez la valeur atteinte."),
            "invalid": _("Écrivez un nombre, par exemple 120 ou 12,5."),
        },
    )
    year = forms.IntegerField(
        label=_("Année mesurée"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Par exemple 2024. Ou bien les dates de début et de fin."),
        error_messages={"invalid": _("Écrivez une année sur quatre chiffres, par exemple 2024.")},
    )
    period_start = forms.DateField(label=_("Du"), required=False, widget=DATE)
    period_end = forms.DateField(label=_("Au"), required=False, widget=DATE)
    source = forms.CharField(
        label=_("Source ou méthode"),
        max_length=200,
        required=False,
        help_text=_("Tableau de suivi, données CAF, évaluation…"),
    )
    comment = forms.CharField(
        label=_("Commentaire"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ce qui aide à lire le chiffre : périmètre, limites."),
    )

    def __init__(self, *args, indicators=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        field.queryset = indicators if indicators is not None else field.queryset
        field.choices = indicator_choices(field.queryset)
        french_decimals(self)
        self.fields["value"].error_messages["invalid"] = _(
            "Écrivez un nombre, par exemple 120 ou 12,5."
        )
        self.fields["year"].widget.attrs.update(inputmode="numeric")

    def clean(self):
        data = super().clean()
        indicator, value = data.get("indicator"), data.get("value")
        if indicator is not None and value is not None:
            self._check_value(indicator, value)
        year, start, end = data.get("year"), data.get("period_start"), data.get("period_end")
        if year and (start or end):
            self.add_error("year", _("Donnez une année ou des dates, pas les deux."))
        elif bool(start) != bool(end):
            field = "period_end" if start else "period_start"
            self.add_error(field, _("Donnez le début et la fin de la période."))
        elif start and end and end < start:
            self.add_error("period_end", _("La fin de la période précède son début."))
        elif not (year or start) and not self.initial.get("period"):
            self.add_error("year", _("Indiquez l’année mesurée, ou les dates de début et de fin."))
        return data

    def _check_value(self, indicator, value):
        kind = indicator.value_kind
        if value < 0:
            self.add_error("value", _("La valeur ne peut pas être négative."))
        elif kind == ResultIndicator.ValueKind.RATE and value > 100:
            self.add_error("value", _("Un taux est un pourcentage entre 0 et 100."))
        elif kind == ResultIndicator.ValueKind.COUNT and value != value.to_integral_value():
            self.add_error(
                "value",
                _("Cet indicateur compte des %(unit)s : un nombre entier.")
                % {"unit": indicator.unit},
            )


class BaseResultFormSet(forms.BaseFormSet):
    def __init__(self, *args, indicators=None, **kwargs):
        self.indicators = indicators
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "indicators": self.indicators}


ResultFormSet = forms.formset_factory(
    ResultForm, formset=BaseResultFormSet, extra=0, can_delete=True, max_num=30
)


def offered_indicators(used_ids):
    return ResultIndicator.objects.filter(Q(is_active=True) | Q(pk__in=used_ids)).order_by(
        "family", "position", "label"
    )


def initial_lines(draft) -> list[dict]:
    return [
        {
            "indicator": line.indicator_id,
            "value": line.value,
            "year": line.year,
            "period_start": line.period_start,
            "period_end": line.period_end,
            "period": line.period if not (line.year or line.period_start) else "",
            "source": line.source,
            "comment": line.comment,
        }
        for line in draft.results.all()
    ]


class NotMeasuredForm(DsfrFormMixin, forms.Form):
    results_not_measured = forms.BooleanField(
        label=_("Les résultats ne sont pas encore mesurés"),
        required=False,
        help_text=_("Cochez si aucun indicateur n’est encore disponible."),
    )


def apply_results(draft, formset, not_measured: bool) -> None:
    lines = []
    kept = [f for f in formset.forms if f.has_changed() or f.initial]
    for position, form in enumerate(
        f for f in kept if not (formset.can_delete and f.cleaned_data.get("DELETE"))
    ):
        data = form.cleaned_data
        if not data.get("indicator"):
            continue
        line = ResultLine(
            indicator=data["indicator"],
            value=Decimal(data["value"]),
            year=data.get("year"),
            period_start=data.get("period_start"),
            period_end=data.get("period_end"),
            period=form.initial.get("period", "")
            if not (data.get("year") or data.get("period_start"))
            else "",
            source=data.get("source", ""),
            comment=data.get("comment", ""),
            sort_order=position,
        )
        line.period = line.period_text
        lines.append(line)
    draft.results = lines
    draft.results_not_measured = bool(not_measured) and not lines
