"""The base of the builder's step forms, and the steps whose answers are typed or ticked: the
model and the title, the purpose, the data and the persons concerned (one per line), the
retention and the security measures."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.forms import DsfrFormMixin
from library.conventions.drafts import SECURITY_MEASURES
from library.conventions.models import ConventionModel
from website.text import PlainCharFormField


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
