"""The forms of the guided steps. Each form reads its initial values from the draft
(``initial_from``) and writes its answers onto it (``apply``); the view saves the revision.
Dates use the browser's date field; decimals accept « 0,5 »."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import DsfrFormMixin
from practices.models import PracticeSheetPage
from practices.models.sheet import SUMMARY_MAX_LENGTH
from practices.models.sheet_form import french_decimals
from practices.writing.richtext import to_richtext, to_text
from website.text import PlainCharFormField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text_area(rows=6, **attrs):
    return forms.Textarea(attrs={"rows": rows, **attrs})


WRITING_HELP = _(
    "Écrivez simplement : une ligne vide entre deux paragraphes, « - » en début de ligne pour "
    "une liste, **gras**, [lien](https://adresse)."
)


class StepForm(DsfrFormMixin, forms.Form):
    """Plain attributes of the sheet, copied both ways; rich-text fields as simple text."""

    rich_fields: tuple[str, ...] = ()

    @classmethod
    def initial_from(cls, draft) -> dict:
        initial = {}
        for name in cls.base_fields:
            value = getattr(draft, name, None)
            initial[name] = to_text(value) if name in cls.rich_fields else value
        return initial

    def apply(self, draft) -> None:
        for name, value in self.cleaned_data.items():
            if name in self.rich_fields:
                value = to_richtext(value)
            setattr(draft, name, value)


class ActionForm(StepForm):
    title = PlainCharFormField(
        label=_("Titre de la fiche"),
        max_length=255,
        help_text=_("Ce qui a été fait, en quelques mots : « Un bus France services au marché »."),
        error_messages={"required": _("Donnez un titre à la fiche.")},
    )
    summary = forms.CharField(
        label=_("En bref"),
        max_length=SUMMARY_MAX_LENGTH,
        widget=_text_area(3, maxlength=SUMMARY_MAX_LENGTH),
        help_text=_("En 300 caractères au plus : ce qui a été fait, pour qui, avec quel résultat."),
        error_messages={"required": _("Résumez l’action en une ou deux phrases.")},
    )
    organisation = PlainCharFormField(
        label=_("Structure porteuse"),
        max_length=200,
        help_text=_("Qui porte l’action : collectivité, CCAS, association, caisse…"),
        error_messages={"required": _("Indiquez la structure qui porte l’action.")},
    )
    start_date = forms.DateField(label=_("Début de l’action"), required=False, widget=DATE)
    end_date = forms.DateField(
        label=_("Fin de l’action"),
        required=False,
        widget=DATE,
        help_text=_("Laissez vide si l’action continue."),
    )
    action_status = forms.ChoiceField(
        label=_("Où en est l’action ?"),
        choices=PracticeSheetPage.ActionStatus.choices,
        widget=forms.RadioSelect,
    )
    maturity = forms.ChoiceField(
        label=_("Maturité"),
        choices=PracticeSheetPage.Maturity.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Idée : pas encore essayée ; testée : mise en œuvre ; évaluée : résultats mesurés."
        ),
    )

    def __init__(self, *args, territories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_status"].initial = PracticeSheetPage.ActionStatus.ONGOING
        self.fields["maturity"].initial = PracticeSheetPage.Maturity.TESTED
        if territories is not None and len(territories) > 1:
            self.fields["territory"] = forms.ModelChoiceField(
                label=_("Territoire"),
                queryset=territories,
                empty_label=_("Choisissez le territoire de l’action"),
                error_messages={"required": _("Choisissez le territoire de l’action.")},
            )
            self.order_fields(["territory"])

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La fin de l’action ne peut pas précéder son début."))
        return data

    def sheet_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("title", "territory")}


class DoneForm(StepForm):
    rich_fields = ("context",)

    context = forms.CharField(
        label=_("Le point de départ"),
        widget=_text_area(6),
        help_text=_("Quel non-recours, quels constats, quels chiffres ont motivé l’action. ")
        + WRITING_HELP,
        error_messages={"required": _("Décrivez le point de départ de l’action.")},
    )
    done = forms.CharField(
        label=_("Ce qui a été fait"),
        widget=_text_area(10),
        help_text=_("Les étapes, les outils, qui a fait quoi. ") + WRITING_HELP,
        error_messages={"required": _("Décrivez ce qui a été fait.")},
    )

    @classmethod
    def initial_from(cls, draft) -> dict:
        paragraph = next((b for b in draft.actions if b.block_type == "paragraph"), None)
        return {
            "context": to_text(draft.context),
            "done": to_text(paragraph.value.source) if paragraph else "",
        }

    def apply(self, draft) -> None:
        """The text edits the first paragraph block of « Ce qui a été fait »; the other blocks
        (numbered steps, testimonies, figures set up in the admin) are kept as they are."""
        draft.context = to_richtext(self.cleaned_data["context"])
        text = to_richtext(self.cleaned_data["done"])
        blocks = [(b.block_type, b.value) for b in draft.actions]
        paragraph_block = draft.actions.stream_block.child_blocks["paragraph"]
        value = paragraph_block.to_python(text)
        index = next((i for i, (kind, _v) in enumerate(blocks) if kind == "paragraph"), None)
        if index is None:
            blocks.insert(0, ("paragraph", value))
        else:
            blocks[index] = ("paragraph", value)
        draft.actions = blocks


class ReproduceForm(StepForm):
    rich_fields = ("lessons_worked", "lessons_pitfalls", "replication")

    staff_fte = forms.DecimalField(
        label=_("Moyens humains (ETP)"),
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=1,
        help_text=_("En équivalents temps plein, par exemple 0,5 ou 1,5."),
    )
    budget_range = forms.ChoiceField(
        label=_("Budget"),
        required=False,
        choices=[("", _("Non renseigné")), *PracticeSheetPage.BudgetRange.choices],
        help_text=_("Coût annuel approximatif, hors salaires des agents déjà en poste."),
    )
    duration = PlainCharFormField(
        label=_("Durée de mise en place"),
        max_length=120,
        required=False,
        help_text=_("Par exemple : 6 mois de préparation, puis 2 jours par mois."),
    )
    tools = forms.CharField(
        label=_("Outils utilisés"),
        required=False,
        widget=_text_area(3),
        help_text=_("Logiciels, simulateurs, supports de communication…"),
    )
    data_sharing = forms.BooleanField(
        label=_("L’action repose sur un partage de données entre partenaires"), required=False
    )
    data_sharing_details = forms.CharField(
        label=_("Modalités du partage de données"),
        required=False,
        widget=_text_area(3),
        help_text=_("Convention signée, base légale, données échangées, précautions prises."),
    )
    lessons_worked = forms.CharField(
        label=_("Ce qui a marché"), required=False, widget=_text_area(4), help_text=WRITING_HELP
    )
    lessons_pitfalls = forms.CharField(
        label=_("Les pièges à éviter"),
        required=False,
        widget=_text_area(4),
        help_text=WRITING_HELP,
    )
    replication = forms.CharField(
        label=_("Ce qu’il faut à un autre territoire pour reproduire l’action"),
        required=False,
        widget=_text_area(4),
        help_text=_("Partenaires, données, compétences, budget, temps. ") + WRITING_HELP,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        french_decimals(self)
        self.fields["staff_fte"].error_messages["invalid"] = _(
            "Écrivez un nombre, par exemple 0,5 ou 1,5."
        )

    def clean(self):
        data = super().clean()
        if data.get("budget_range") is None:
            data["budget_range"] = ""
        return data
