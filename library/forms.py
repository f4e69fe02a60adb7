"""Forms of the library (front end and admin versions view), rendered with the DSFR templates.

The file is checked by its content (``website.uploads.validate_upload``) and against the
document's existing versions (same SHA-256 refused) in ``clean_file``; the prepared result
(detected kind, digest) is kept for the service, which writes nothing until everything passed."""

from django import forms
from django.db.models import F
from django.db.models.functions import Coalesce
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from dsfr.utils import dsfr_input_class_attr

from accounts.forms import DsfrFormMixin
from library.models import SUMMARY_MAX_LENGTH, LibraryDocumentPage
from taxonomy.models import ActionType, Audience, Barrier, Benefit, DocumentKind, Partner
from website.text import PlainCharFormField
from website.uploads import ACCEPT_ATTRIBUTE, max_upload_size

TAG_FIELDS = [
    ("audiences", Audience, gettext_lazy("Publics")),
    ("barriers", Barrier, gettext_lazy("Freins (causes du non-recours)")),
    ("benefits", Benefit, gettext_lazy("Droits et prestations")),
    ("action_types", ActionType, gettext_lazy("Types d’action")),
    ("partners", Partner, gettext_lazy("Partenaires")),
]


def _file_help():
    return _(
        "PDF, DOCX, ODT, XLSX, ODS ou CSV, %(limit)s au plus. Le fichier est vérifié par son "
        "contenu."
    ) % {"limit": filesizeformat(max_upload_size())}


class VersionFieldsMixin(forms.Form):
    """The fields of one file version, shared by the proposal and the new-version forms."""

    file = forms.FileField(
        label=gettext_lazy("Fichier"),
        error_messages={
            "required": gettext_lazy("Choisissez le fichier à déposer."),
            "empty": gettext_lazy("Le fichier envoyé est vide."),
            "invalid": gettext_lazy("Le fichier n’a pas pu être lu : envoyez-le de nouveau."),
        },
    )
    version_label = forms.CharField(
        label=gettext_lazy("Nom de la version"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Par exemple « v2 — mise à jour de mars 2025 ». Facultatif."),
    )
    published_on = forms.DateField(
        label=gettext_lazy("Date du document"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("La date de cette version du document."),
        error_messages={
            "required": gettext_lazy("Indiquez la date du document."),
            "invalid": gettext_lazy("Indiquez une date valide, par exemple 15/03/2025."),
        },
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes de version"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Ce qui a changé depuis la version précédente. Facultatif."),
    )

    document = None  # set by the new-version form: duplicates are checked against its versions

    def _init_version_fields(self):
        self.fields["file"].help_text = _file_help()
        self.fields["file"].widget.attrs["accept"] = ACCEPT_ATTRIBUTE
        self.fields["published_on"].initial = timezone.localdate()
        self.prepared = None

    def clean_published_on(self):
        value = self.cleaned_data.get("published_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("La date du document ne peut pas être dans le futur."))
        return value

    def clean_file(self):
        from library.services import prepare_upload

        uploaded = self.cleaned_data.get("file")
        if uploaded:
            self.prepared = prepare_upload(uploaded, self.document)
        return uploaded

    def file_reminder(self):
        """The browser forgets the chosen file when the page comes back with errors."""
        return self.is_bound and bool(self.errors) and "file" not in self.errors


class ProposalForm(VersionFieldsMixin, DsfrFormMixin, forms.Form):
    title = PlainCharFormField(
        label=gettext_lazy("Titre du document"),
        max_length=200,
        error_messages={
            "required": gettext_lazy("Donnez un titre au document."),
            "max_length": gettext_lazy("Le titre est trop long (200 caractères au plus)."),
        },
    )
    summary = forms.CharField(
        label=gettext_lazy("Résumé"),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Ce que contient le document et à quoi il sert (600 caractères au plus)."
        ),
        error_messages={
            "required": gettext_lazy("Résumez le document en quelques phrases."),
            "max_length": gettext_lazy("Le résumé est trop long (600 caractères au plus)."),
        },
    )
    kind = forms.ModelChoiceField(
        label=gettext_lazy("Type de document"),
        queryset=DocumentKind.objects.none(),
        empty_label=gettext_lazy("Choisir un type"),
        error_messages={"required": gettext_lazy("Choisissez le type de document.")},
    )
    territory = forms.ModelChoiceField(
        label=gettext_lazy("Au nom du territoire"),
        queryset=None,
        empty_label=None,
        error_messages={"required": gettext_lazy("Choisissez votre territoire.")},
    )
    access = forms.ChoiceField(
        label=gettext_lazy("Qui peut télécharger le fichier ?"),
        choices=LibraryDocumentPage.Access.choices,
        initial=LibraryDocumentPage.Access.MEMBERS,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choisissez qui peut télécharger le fichier.")},
    )

    field_order = [
        "title",
        "summary",
        "kind",
        "territory",
        "access",
        "file",
        "version_label",
        "published_on",
        "notes",
    ]

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_version_fields()
        self.fields["kind"].queryset = DocumentKind.objects.filter(is_active=True)
        self.fields["territory"].queryset = territories
        for name, model, legend in TAG_FIELDS:
            queryset = model.objects.filter(is_active=True)
            if model is Barrier:
                queryset = queryset.select_related("parent").order_by(
                    Coalesce("parent__position", "position"),
                    Coalesce("parent__label", "label"),
                    F("parent").asc(nulls_first=True),
                    "position",
                    "label",
                )
            self.fields[name] = forms.ModelMultipleChoiceField(
                label=legend,
                queryset=queryset,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            dsfr_input_class_attr(self[name])

    def clean_title(self):
        title = " ".join((self.cleaned_data.get("title") or "").split())
        if not title:
            raise forms.ValidationError(_("Donnez un titre au document."))
        return title

    def clean_summary(self):
        summary = (self.cleaned_data.get("summary") or "").strip()
        if not summary:
            raise forms.ValidationError(_("Résumez le document en quelques phrases."))
        return summary

    def tag_fields(self):
        return [self[name] for name, _model, _legend in TAG_FIELDS]

    def main_fields(self):
        return [self[name] for name in ("title", "summary", "kind", "territory", "access")]

    def version_fields(self):
        return [self[name] for name in ("file", "version_label", "published_on", "notes")]


class VersionForm(VersionFieldsMixin, DsfrFormMixin, forms.Form):
    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        self.document = document
        self._init_version_fields()

    def version_fields(self):
        return [self[name] for name in ("file", "version_label", "published_on", "notes")]


class VersionDecisionForm(DsfrFormMixin, forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Commentaire pour la personne qui l’a déposée"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
