"""A territory's proposal of a clause, and the facilitators' decision on it."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.forms import DsfrFormMixin
from library.conventions.models import VARIABLE_RE, Clause, Section
from website.text import PlainCharFormField


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
