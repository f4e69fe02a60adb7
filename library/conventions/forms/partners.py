"""The « Partenaires et signataires » step: the institutions concerned and one row of fields
per party (at least two, at most ``MAX_PARTIES``)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from library.conventions.forms.steps import StepForm
from website.text import PlainCharFormField

MAX_PARTIES = 8
MIN_ROWS = 4


class PartnersStepForm(StepForm):
    partners = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Partenaires institutionnels concernés"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("Facultatif : les organismes dont proviennent les données."),
    )

    def __init__(self, *args, rows=MIN_ROWS, **kwargs):
        from taxonomy.models import Partner

        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Partner.objects.filter(is_active=True)
        self.rows = max(MIN_ROWS, min(rows, MAX_PARTIES))
        for index in range(1, self.rows + 1):
            for key, label, required_help in (
                (
                    "name",
                    _("Nom de la partie"),
                    _("Par exemple : Caisse d’allocations familiales de Fictiville"),
                ),
                ("representative", _("Représentant·e (prénom et nom)"), ""),
                ("role", _("Qualité du représentant"), _("Par exemple : directrice")),
                ("contact", _("Contact pour l’exécution (e-mail ou téléphone)"), ""),
            ):
                required = index <= 2 and key in ("name", "representative")
                self.fields[f"party_{index}_{key}"] = PlainCharFormField(
                    label=label,
                    required=required,
                    max_length=200,
                    help_text=required_help,
                    error_messages={
                        "required": (
                            _("Indiquez le nom de la partie n° %(n)s.")
                            if key == "name"
                            else _("Indiquez qui signe pour la partie n° %(n)s.")
                        )
                        % {"n": index}
                    },
                )
        for visible in self.visible_fields():
            from dsfr.utils import dsfr_input_class_attr

            dsfr_input_class_attr(visible)

    def party_rows(self):
        return [
            (
                index,
                [
                    self[f"party_{index}_{key}"]
                    for key in ("name", "representative", "role", "contact")
                ],
            )
            for index in range(1, self.rows + 1)
        ]

    def clean(self):
        data = super().clean()
        parties = []
        for index in range(1, self.rows + 1):
            row = {
                key: (data.get(f"party_{index}_{key}") or "").strip()
                for key in ("name", "representative", "role", "contact")
            }
            if not any(row.values()) or f"party_{index}_name" in self.errors:
                continue
            if not row["name"]:
                self.add_error(
                    f"party_{index}_name",
                    _("Indiquez le nom de la partie n° %(n)s.") % {"n": index},
                )
            if not row["representative"] and f"party_{index}_representative" not in self.errors:
                self.add_error(
                    f"party_{index}_representative",
                    _("Indiquez qui signe pour la partie n° %(n)s.") % {"n": index},
                )
            parties.append(row)
        if len(parties) < 2 and not self.errors:
            raise forms.ValidationError(
                _("Une convention lie au moins deux parties : renseignez-en au moins deux.")
            )
        self.parties = parties
        return data

    def answers(self) -> dict:
        return {
            "partners": [partner.pk for partner in self.cleaned_data["partners"]],
            "parties": self.parties,
        }

    @staticmethod
    def initial_from(answers: dict) -> dict:
        initial = {"partners": answers.get("partners") or []}
        for index, party in enumerate(answers.get("parties") or [], start=1):
            for key, value in party.items():
                initial[f"party_{index}_{key}"] = value
        return initial
