"""Step « Pièces jointes et contacts »: files checked by their content (PDF, Word, Excel,
OpenDocument, CSV), stored in the team's collection and private until the sheet is published
(``website.page_access`` serves them to the team and staff only before that); the contacts are
chosen among the territory's team."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model

from accounts.forms import DsfrFormMixin
from accounts.models import Membership, User
from practices.models import SheetAttachment
from website.uploads import ACCEPT_ATTRIBUTE, max_upload_size, safe_filename, validate_upload

MAX_ATTACHMENTS = 10


class ContactChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.email
        return f"{name} — {obj.job_title}" if getattr(obj, "job_title", "") else name


class FilesForm(DsfrFormMixin, forms.Form):
    upload = forms.FileField(
        label=_("Ajouter un fichier"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    upload_title = forms.CharField(
        label=_("Titre affiché du fichier"),
        max_length=200,
        required=False,
        help_text=_("Facultatif : par exemple « Bilan 2024 du bus ». Vide : le nom du fichier."),
    )
    contacts = ContactChoiceField(
        label=_("Contacts de la fiche"),
        required=False,
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Les membres de l’équipe à qui les autres territoires peuvent écrire. Leur adresse "
            "n’est jamais affichée : les messages passent par la plateforme."
        ),
    )

    def __init__(self, *args, territory_id=None, attachment_count=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.attachment_count = attachment_count
        self.fields["upload"].help_text = _(
            "PDF, Word, Excel, OpenDocument ou CSV, %(size)s Mo au plus. Le fichier reste visible "
            "de votre équipe seulement tant que la fiche n’est pas publiée."
        ) % {"size": max_upload_size() // (1024 * 1024)}
        self.fields["contacts"].queryset = User.objects.filter(
            is_active=True,
            memberships__territory_id=territory_id,
            memberships__status=Membership.Status.ACCEPTED,
        ).order_by("last_name", "first_name")

    @classmethod
    def initial_from(cls, draft) -> dict:
        return {"contacts": [user.pk for user in draft.contacts.all()]}

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        if self.attachment_count >= MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("Une fiche a %(max)s pièces jointes au plus : retirez-en une d’abord.")
                % {"max": MAX_ATTACHMENTS}
            )
        validate_upload(upload)  # French message: empty, too large, not what it claims to be
        upload.seek(0)
        return upload

    def apply(self, draft, user, collection) -> None:
        draft.contacts = list(self.cleaned_data["contacts"])
        upload = self.cleaned_data.get("upload")
        if upload is None:
            return
        name = safe_filename(upload.name)
        document = get_document_model()(
            title=self.cleaned_data.get("upload_title") or name.rsplit(".", 1)[0],
            collection=collection,
            uploaded_by_user=user,
        )
        document.file.save(name, upload, save=False)
        document.save()
        lines = list(draft.attachments.all())
        lines.append(
            SheetAttachment(
                document=document,
                title=self.cleaned_data.get("upload_title") or "",
                sort_order=len(lines),
            )
        )
        draft.attachments = lines


def remove_attachment(draft, position: int) -> bool:
    """Take the attachment at ``position`` off the draft (the file stays in the team's
    collection: the published version may still use it)."""
    lines = list(draft.attachments.all())
    if not 0 <= position < len(lines):
        return False
    del lines[position]
    for index, line in enumerate(lines):
        line.sort_order = index
    draft.attachments = lines
    return True
