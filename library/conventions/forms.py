"""Forms of the builder (one per step), of the proposals and of the reviews.

Each step form validates what the browser sent and returns, through ``answers()``, the part of
the draft's answers it owns: the view saves it only when the whole step is valid."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.forms import DsfrFormMixin
from library.conventions import services
from library.conventions.drafts import (
    SECURITY_MEASURES,
    model_sections,
    remaining_variables,
    section_options,
)
from library.conventions.models import VARIABLE_RE, Clause, ConventionModel, Section
from website.text import PlainCharFormField

MAX_PARTIES = 8
MIN_ROWS = 4


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


class StepForm(DsfrFormMixin, forms.Form):
    def __init__(self, *args, draft=None, user=None, **kwargs):
        self.draft = draft
        self.user = user
        super().__init__(*args, **kwargs)

    def answers(self) -> dict:
        raise NotImplementedError


class ModelStepForm(StepForm):
    convention_model = forms.ModelChoiceField(
        label=gettext_lazy("Modèle de convention"),
        queryset=ConventionModel.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": gettext_lazy("Choisissez un modèle de convention.")},
    )
    title = PlainCharFormField(
        label=gettext_lazy("Titre de votre projet"),
        max_length=200,
        help_text=gettext_lazy(
            "Par exemple : Convention de repérage CAF – CCAS de Fictiville 2026."
        ),
        error_messages={"required": gettext_lazy("Donnez un titre à votre projet.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convention_model"].queryset = ConventionModel.objects.filter(
            is_published=True
        ).order_by("title")
        if self.draft is not None:
            # The model of an existing draft is fixed: its clauses were chosen for it.
            self.fields["convention_model"].disabled = True

    def answers(self) -> dict:
        return {}


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


class PurposeStepForm(StepForm):
    purpose = forms.CharField(
        label=gettext_lazy("Objet de la convention"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=gettext_lazy(
            "En une ou deux phrases, ce que permet l’échange. Par exemple : repérer les "
            "allocataires susceptibles d’avoir droit à la complémentaire santé solidaire et "
            "leur proposer un rendez-vous."
        ),
        error_messages={"required": gettext_lazy("Décrivez l’objet de la convention.")},
    )

    def clean_purpose(self):
        value = self.cleaned_data["purpose"].strip()
        if len(value) < 15:
            raise forms.ValidationError(
                _("Décrivez l’objet en une phrase complète (15 caractères au moins).")
            )
        return value

    def answers(self):
        return {"purpose": self.cleaned_data["purpose"]}

    @staticmethod
    def initial_from(answers):
        return {"purpose": answers.get("purpose", "")}


class LinesStepForm(StepForm):
    """A list typed one item per line."""

    key = ""
    label = ""
    help = ""
    required_message = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"] = forms.CharField(
            label=self.label,
            widget=forms.Textarea(attrs={"rows": 6}),
            max_length=4000,
            help_text=self.help,
            error_messages={"required": self.required_message},
        )
        from dsfr.utils import dsfr_input_class_attr

        dsfr_input_class_attr(self["items"])

    def clean_items(self):
        items = _lines(self.cleaned_data["items"])
        if not items:
            raise forms.ValidationError(self.required_message)
        return items

    def answers(self):
        return {self.key: self.cleaned_data["items"]}

    @classmethod
    def initial_from(cls, answers):
        return {"items": "\n".join(answers.get(cls.key) or [])}


class DataStepForm(LinesStepForm):
    key = "data_categories"
    label = gettext_lazy("Catégories de données échangées (une par ligne)")
    help = gettext_lazy(
        "Par exemple : identité (nom, prénom, date de naissance) ; adresse ; composition du "
        "foyer ; droits ouverts. Ne listez que les données nécessaires à l’objet."
    )
    required_message = gettext_lazy("Indiquez au moins une catégorie de données échangées.")


class PersonsStepForm(LinesStepForm):
    key = "persons"
    label = gettext_lazy("Personnes concernées (une catégorie par ligne)")
    help = gettext_lazy(
        "Par exemple : allocataires du RSA résidant à Fictiville ; personnes de plus de 65 ans "
        "sans complémentaire santé."
    )
    required_message = gettext_lazy("Indiquez au moins une catégorie de personnes concernées.")


class RetentionStepForm(StepForm):
    retention = forms.CharField(
        label=gettext_lazy("Durée de conservation des données"),
        max_length=300,
        help_text=gettext_lazy(
            "Par exemple : trois mois à compter de la réception du fichier, puis destruction."
        ),
        error_messages={"required": gettext_lazy("Indiquez la durée de conservation.")},
    )

    def answers(self):
        return {"retention": self.cleaned_data["retention"].strip()}

    @staticmethod
    def initial_from(answers):
        return {"retention": answers.get("retention", "")}


class SecurityStepForm(StepForm):
    measures = forms.MultipleChoiceField(
        label=gettext_lazy("Mesures de sécurité retenues"),
        choices=SECURITY_MEASURES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other = forms.CharField(
        label=gettext_lazy("Autres mesures (une par ligne)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def clean(self):
        data = super().clean()
        labels = dict(SECURITY_MEASURES)
        items = [str(labels[m]) for m in data.get("measures") or [] if m in labels]
        items += _lines(data.get("other") or "")
        if not items and not self.errors:
            raise forms.ValidationError(
                _("Choisissez au moins une mesure de sécurité ou décrivez les vôtres.")
            )
        self.items = items
        return data

    def answers(self):
        return {"security": self.items}

    @staticmethod
    def initial_from(answers):
        labels = {str(label): value for value, label in SECURITY_MEASURES}
        items = answers.get("security") or []
        return {
            "measures": [labels[item] for item in items if item in labels],
            "other": "\n".join(item for item in items if item not in labels),
        }


class ClausesStepForm(StepForm):
    """One radio group per section of the model."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = (self.draft.answers or {}).get("clauses") or {}
        self.sections = []
        for model_section in model_sections(self.draft.convention_model):
            previous = (chosen.get(model_section.section) or {}).get("clause")
            options = section_options(model_section, previous)
            name = f"section_{model_section.section}"
            self.fields[name] = forms.TypedChoiceField(
                label=model_section.get_section_display(),
                choices=[(clause.pk, clause.title) for clause in options],
                coerce=int,
                widget=forms.RadioSelect,
                initial=previous or model_section.default_clause_id,
                error_messages={
                    "required": _("Choisissez une clause pour la section « %(s)s ».")
                    % {"s": model_section.get_section_display()},
                    "invalid_choice": _(
                        "Cette clause n’est pas disponible pour la section « %(s)s »."
                    )
                    % {"s": model_section.get_section_display()},
                },
            )
            self.sections.append((model_section, options, name))

    def section_groups(self):
        result = []
        for model_section, options, name in self.sections:
            bound = self[name]
            value = bound.value()
            try:
                value = int(value) if value not in (None, "") else None
            except (TypeError, ValueError):
                value = None
            result.append(
                {
                    "model_section": model_section,
                    "field": bound,
                    "options": [
                        {
                            "clause": clause,
                            "checked": clause.pk == value,
                            "is_default": clause.pk == model_section.default_clause_id,
                            "id": f"id_{name}_{clause.pk}",
                        }
                        for clause in options
                    ],
                }
            )
        return result

    def answers(self):
        return {
            model_section.section: self.cleaned_data[name]
            for model_section, _options, name in self.sections
        }


class VariablesStepForm(StepForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        typed = (self.draft.answers or {}).get("variables") or {}
        self.variable_names = []
        for name, sections in remaining_variables(self.draft):
            label = services.variable_label(name)
            where = ", ".join(f"« {s} »" for s in sections)
            self.fields[f"var_{name}"] = forms.CharField(
                label=label,
                max_length=500,
                initial=typed.get(name, ""),
                help_text=_("Utilisée dans : %(where)s. Variable {{ %(name)s }}.")
                % {"where": where, "name": name},
                error_messages={
                    "required": _(
                        "Renseignez « %(label)s » : cette valeur est utilisée dans %(where)s."
                    )
                    % {"label": label, "where": where},
                },
            )
            self.variable_names.append(name)
        from dsfr.utils import dsfr_input_class_attr

        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)

    def clean(self):
        data = super().clean()
        for name in self.variable_names:
            value = services.clean_value(data.get(f"var_{name}"))
            if f"var_{name}" in data and not value:
                self.add_error(f"var_{name}", self.fields[f"var_{name}"].error_messages["required"])
        return data

    def answers(self):
        typed = dict((self.draft.answers or {}).get("variables") or {})
        for name in self.variable_names:
            typed[name] = self.cleaned_data[f"var_{name}"].strip()
        return {"variables": typed}


STEP_FORMS = {
    "modele": ModelStepForm,
    "partenaires": PartnersStepForm,
    "objet": PurposeStepForm,
    "donnees": DataStepForm,
    "personnes": PersonsStepForm,
    "conservation": RetentionStepForm,
    "securite": SecurityStepForm,
    "clauses": ClausesStepForm,
    "variables": VariablesStepForm,
}


class ShareForm(DsfrFormMixin, forms.Form):
    territory = forms.ModelChoiceField(
        label=gettext_lazy("Partager avec l’équipe de"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Ne pas partager"),
    )

    def __init__(self, *args, user=None, **kwargs):
        from library.conventions import permissions

        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = permissions.shareable_territories(user)


class ProposalForm(DsfrFormMixin, forms.Form):
    territory = forms.ModelChoiceField(
        label=gettext_lazy("Territoire qui propose"),
        queryset=None,
        empty_label=None,
    )
    section = forms.ChoiceField(label=gettext_lazy("Section"), choices=Section.choices)
    alternative_to = forms.ModelChoiceField(
        label=gettext_lazy("Alternative à une clause existante (facultatif)"),
        queryset=Clause.objects.none(),
        required=False,
        empty_label=gettext_lazy("Nouvelle clause"),
        help_text=gettext_lazy(
            "Une fois validée, l’alternative sera proposée partout où cette clause l’est."
        ),
    )
    title = PlainCharFormField(label=gettext_lazy("Titre de la clause"), max_length=200)
    text = forms.CharField(
        label=gettext_lazy("Texte de la clause"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=10000,
        help_text=gettext_lazy(
            "Écrivez les variables entre doubles accolades : {{ partenaire_1 }}, "
            "{{ duree_conservation }}…"
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("Note explicative"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=gettext_lazy("Quand l’utiliser, références juridiques, retour d’expérience."),
    )

    def __init__(self, *args, user=None, **kwargs):
        from library.conventions import permissions

        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = permissions.shareable_territories(user)
        self.fields["alternative_to"].queryset = Clause.objects.usable().order_by(
            "section", "title"
        )
        for name in ("title", "text", "note"):
            self.fields[name].error_messages["required"] = {
                "title": _("Donnez un titre à la clause."),
                "text": _("Écrivez le texte de la clause."),
                "note": _("Expliquez quand utiliser cette clause."),
            }[name]

    def clean_text(self):
        text = self.cleaned_data["text"]
        if text.count("{{") != text.count("}}"):
            raise forms.ValidationError(
                _("Une variable est mal fermée : écrivez-les {{ comme_ceci }}.")
            )
        if "{{" in VARIABLE_RE.sub("", text):
            raise forms.ValidationError(
                _(
                    "Les noms de variables s’écrivent en minuscules sans accent ni espace, avec "
                    "des tirets bas : {{ duree_conservation }}."
                )
            )
        return text

    def clean(self):
        data = super().clean()
        alternative = data.get("alternative_to")
        if alternative and data.get("section") and alternative.section != data["section"]:
            self.add_error(
                "alternative_to",
                _("Cette clause appartient à la section « %(s)s » : choisissez la même section.")
                % {"s": alternative.get_section_display()},
            )
        return data


class DecisionForm(DsfrFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Décision"),
        choices=[
            ("accept", gettext_lazy("Valider (la clause sera utilisable, signalée « proposée »)")),
            ("refuse", gettext_lazy("Refuser")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choisissez de valider ou de refuser.")},
    )
    comment = forms.CharField(
        label=gettext_lazy("Commentaire transmis au territoire"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=gettext_lazy("Obligatoire en cas de refus."),
    )
