"""The dashboard's filters (GET): year, region, cohort, kind of territory, status, sort order.
A value that is not among the choices is reported at its field, and the filter is left out."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Region, Territory

# Status of a territory's report for the selected year (also the « état » filter).
VALIDATED = "valide"
SUBMITTED = "envoye"
CHANGES_REQUESTED = "a-reprendre"
DRAFT = "brouillon"
NOTHING = "rien"
LATE = "retard"

STATE_CHOICES = [
    (VALIDATED, _("Validé")),
    (SUBMITTED, _("En attente de validation")),
    (CHANGES_REQUESTED, _("À reprendre")),
    (DRAFT, _("Brouillon")),
    (NOTHING, _("Rien de saisi")),
    (LATE, _("En retard")),
]

SORT_CHOICES = [
    ("nom", _("Nom du territoire")),
    ("region", _("Région")),
    ("etat", _("État du bilan")),
]

ALL = [("", _("Toutes"))]


class DashboardFilters(forms.Form):
    annee = forms.TypedChoiceField(label=_("Année du bilan"), coerce=int, required=False)
    region = forms.ChoiceField(label=_("Région"), required=False)
    vague = forms.TypedChoiceField(
        label=_("Vague de l’expérimentation"),
        coerce=int,
        required=False,
        choices=ALL + list(Territory.Cohort.choices),
    )
    type = forms.ChoiceField(
        label=_("Type de territoire"),
        required=False,
        choices=[("", _("Tous"))] + list(Territory.Kind.choices),
    )
    etat = forms.ChoiceField(
        label=_("État du bilan de l’année"),
        required=False,
        choices=[("", _("Tous"))] + STATE_CHOICES,
    )
    tri = forms.ChoiceField(label=_("Trier par"), required=False, choices=SORT_CHOICES)
    retards = forms.BooleanField(label=_("Les territoires en retard d’abord"), required=False)

    def __init__(self, data, years: list[int], regions: list[Region], default_year=None):
        super().__init__(data)
        self.default_year = default_year
        self.fields["annee"].choices = [(year, str(year)) for year in years]
        self.fields["region"].choices = [("", _("Toutes"))] + [(r.slug, r.name) for r in regions]
        self.years = years

    def values(self) -> dict:
        """The valid filters (defaults for the others): the year is the most recent campaign
        with a report sent (``default_year``), else the most recent one."""
        self.is_valid()
        valid = self.cleaned_data  # only the fields whose value is among the choices
        year = valid.get("annee") or self.default_year or (self.years[0] if self.years else None)
        return {
            "year": year,
            "region": valid.get("region") or "",
            "cohort": valid.get("vague") or None,
            "kind": valid.get("type") or "",
            "state": valid.get("etat") or "",
            "sort": valid.get("tri") or "nom",
            "late_first": bool(valid.get("retards")),
        }
