"""Forms of the forum, rendered with the DSFR field templates (accounts.forms.DsfrFormMixin).

The rules (who may post where, empty or oversized text, links of new accounts) live in
forum.permissions and forum.services; these forms only check what the browser sent, and the
attachments, whose type is checked by their content, never by their name."""

import uuid

from django import forms
from django.conf import settings
from django.db.models import F
from django.db.models.functions import Coalesce
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from dsfr.utils import dsfr_input_class_attr

from accounts.forms import DsfrFormMixin
from forum import permissions
from forum.models import Thread
from forum.moderation_reasons import Reason
from forum.services import MAX_POST_LENGTH
from taxonomy.models import ActionType, Audience, Barrier, Benefit, Partner
from website.text import PlainCharFormField, strip_invisible

MAX_ATTACHMENTS = 3
ALT_MAX_LENGTH = 300
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
ACCEPT = "image/jpeg,image/png,image/gif,image/webp,application/pdf,.jpg,.jpeg,.png,.gif,.webp,.pdf"

MARKDOWN_HELP = gettext_lazy(
    "Mise en forme Markdown : **gras**, *italique*, [texte du lien](https://…), "
    "« > » en début de ligne pour citer, « - » pour une liste. Mentionnez une personne avec "
    "@prenom.nom."
)

# (form field = Thread many-to-many field, model, legend)
TAG_FIELDS = [
    ("audiences", Audience, gettext_lazy("Publics")),
    ("barriers", Barrier, gettext_lazy("Freins (causes du non-recours)")),
    ("benefits", Benefit, gettext_lazy("Droits et prestations")),
    ("action_types", ActionType, gettext_lazy("Types d’action")),
    ("partners", Partner, gettext_lazy("Partenaires")),
]


def sniff_content_type(upload) -> tuple[str, str] | None:
    """(content type, extension) read from the file's bytes, or None if neither an image of an
    accepted format nor a PDF."""
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return "application/pdf", "pdf"
    from PIL import Image

    try:
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except Exception:  # not an image, truncated, decompression bomb…
        return None
    finally:
        upload.seek(0)
    if image_format not in IMAGE_FORMATS:
        return None
    return f"image/{image_format.lower()}", IMAGE_FORMATS[image_format]


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to MAX_ATTACHMENTS images (JPEG, PNG, GIF, WebP) or PDF files, checked by content.

    Cleans to a list of ``(uploaded file, content type, stored name)``."""

    widget = MultipleFileInput

    def __init__(self, *args, user=None, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            files = [upload for upload in data if upload]
        else:
            files = [data] if data else []
        if not files:
            return []
        if not permissions.may_post_links_and_files(self.user):
            raise forms.ValidationError(
                _("Les nouveaux comptes ne peuvent pas encore joindre de fichiers.")
            )
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("Joignez au plus %(max)s fichiers (vous en avez choisi %(count)s).")
                % {"max": MAX_ATTACHMENTS, "count": len(files)}
            )
        max_bytes = settings.FORUM_ATTACHMENT_MAX_BYTES
        cleaned, errors = [], []
        for upload in files:
            name = (upload.name or "fichier").replace("\\", "/").rsplit("/", 1)[-1]
            name = strip_invisible(name)[:200]
            if upload.size > max_bytes:
                errors.append(
                    _("« %(name)s » est trop lourd (%(size)s) : %(max)s au plus par fichier.")
                    % {
                        "name": name,
                        "size": filesizeformat(upload.size),
                        "max": filesizeformat(max_bytes),
                    }
                )
                continue
            if upload.size == 0:
                errors.append(_("« %(name)s » est vide.") % {"name": name})
                continue
            sniffed = sniff_content_type(upload)
            if sniffed is None:
                errors.append(
                    _(
                        "« %(name)s » n’est pas accepté : joignez seulement des images (JPEG, PNG, "
                        "GIF, WebP) ou des documents PDF."
                    )
                    % {"name": name}
                )
                continue
            content_type, extension = sniffed
            cleaned.append((upload, content_type, name, f"{uuid.uuid4().hex}.{extension}"))
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


def attachments_help(user) -> str:
    if not permissions.may_post_links_and_files(user):
        return _("Les nouveaux comptes ne peuvent pas encore joindre de fichiers.")
    return _(
        "Jusqu’à %(max)s fichiers : images (JPEG, PNG, GIF, WebP) ou PDF, %(size)s au plus chacun."
    ) % {"max": MAX_ATTACHMENTS, "size": filesizeformat(settings.FORUM_ATTACHMENT_MAX_BYTES)}


def _add_attachments_field(form, user) -> None:
    field = AttachmentsField(
        label=_("Fichiers joints"),
        user=user,
        help_text=attachments_help(user),
        widget=MultipleFileInput(attrs={"accept": ACCEPT, "class": "fr-upload"}),
    )
    field.widget.group_class = "fr-upload-group"
    form.fields["attachments"] = field
    form.may_attach = permissions.may_post_links_and_files(user)
    for number in range(1, MAX_ATTACHMENTS + 1):
        name = f"alt_{number}"
        # A text area, not a text input: Enter in it must not send the form (the posts'
        # « Citer » buttons belong to the reply form and come first).
        form.fields[name] = PlainCharFormField(
            label=_("Texte alternatif de l’image %(number)s") % {"number": number},
            required=False,
            max_length=ALT_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 2, "data-forum-alt": ""}),
            error_messages={
                "max_length": _("Le texte alternatif est trop long (%(max)s caractères au plus).")
                % {"max": ALT_MAX_LENGTH}
            },
        )
        dsfr_input_class_attr(form[name])


class _AttachmentsMixin:
    """Every attached image needs its text alternative (« Texte alternatif »): the fields
    alt_1, alt_2… describe the images in the order they were chosen (PDF files do not count).
    ``cleaned_data["attachments"]`` then holds (file, content type, name, stored name, alt)."""

    def alt_fields(self):
        return [self[f"alt_{number}"] for number in range(1, MAX_ATTACHMENTS + 1)]

    def clean(self):
        cleaned = super().clean()
        files = cleaned.get("attachments")
        if not files:
            return cleaned
        with_alt, images = [], 0
        for upload, content_type, name, stored_name in files:
            alt = ""
            if content_type.startswith("image/"):
                images += 1
                field = f"alt_{images}"
                alt = " ".join((cleaned.get(field) or "").split())
                if not alt and field not in self.errors:
                    self.add_error(
                        field,
                        _(
                            "Décrivez l’image « %(name)s » en quelques mots (texte alternatif) : "
                            "ce texte est lu aux personnes qui ne voient pas l’image."
                        )
                        % {"name": name},
                    )
                    widget = self.fields[field].widget
                    widget.attrs["aria-describedby"] = f"{self[field].auto_id}-desc-error"
            with_alt.append((upload, content_type, name, stored_name, alt))
        cleaned["attachments"] = with_alt
        return cleaned


def _text_field(label):
    return forms.CharField(
        label=label,
        help_text=MARKDOWN_HELP,
        # No maxlength attribute: the browser would cut the text silently; the server says it.
        widget=forms.Textarea(attrs={"rows": 10, "data-forum-editor": "", "spellcheck": "true"}),
        strip=False,
        error_messages={
            "required": gettext_lazy(
                "Le message est vide : écrivez quelque chose avant de publier."
            )
        },
    )


def _clean_text(value: str) -> str:
    text = (value or "").strip()
    if not text:
        raise forms.ValidationError(
            _("Le message est vide : écrivez quelque chose avant de publier.")
        )
    if len(text) > MAX_POST_LENGTH:
        raise forms.ValidationError(
            _("Le message est trop long (%(length)s caractères, %(max)s au plus).")
            % {"length": len(text), "max": MAX_POST_LENGTH}
        )
    return text


class _TextMixin:
    def clean_text(self):
        return _clean_text(self.cleaned_data.get("text"))


class ThreadForm(_TextMixin, _AttachmentsMixin, DsfrFormMixin, forms.Form):
    title = PlainCharFormField(
        label=gettext_lazy("Titre de la discussion"),
        max_length=200,
        help_text=gettext_lazy("Une phrase qui résume votre question ou votre sujet."),
        error_messages={
            "required": gettext_lazy("Donnez un titre à la discussion."),
            "max_length": gettext_lazy("Le titre est trop long (200 caractères au plus)."),
        },
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Type de discussion"),
        choices=Thread.Kind.choices,
        initial=Thread.Kind.QUESTION,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Une question peut recevoir une réponse acceptée, marquée « Résolu »."
        ),
        error_messages={"required": gettext_lazy("Choisissez le type de discussion.")},
    )
    text = _text_field(gettext_lazy("Message"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name, model, legend in TAG_FIELDS:
            queryset = model.objects.filter(is_active=True)
            if model is Barrier:
                # Each family, then its causes.
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
        _add_attachments_field(self, user)

    def clean_title(self):
        title = (self.cleaned_data.get("title") or "").strip()
        if not title:
            raise forms.ValidationError(_("Donnez un titre à la discussion."))
        return title

    def tag_fields(self):
        return [self[name] for name, _model, _legend in TAG_FIELDS]

    def tags(self) -> dict:
        return {name: self.cleaned_data.get(name) or [] for name, _model, _legend in TAG_FIELDS}


class ReplyForm(_TextMixin, _AttachmentsMixin, DsfrFormMixin, forms.Form):
    text = _text_field(gettext_lazy("Votre réponse"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        _add_attachments_field(self, user)


class EditPostForm(_TextMixin, DsfrFormMixin, forms.Form):
    text = _text_field(gettext_lazy("Message"))


class CannedReasonForm(DsfrFormMixin, forms.Form):
    """A canned reason (``forum.moderation_reasons.Reason``) and a free text, required for
    « Autre »; without a canned reason, the free text alone is accepted."""

    reason_code = forms.ChoiceField(
        label=gettext_lazy("Motif"),
        choices=Reason.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Précisions"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": gettext_lazy("Le motif est trop long (500 caractères au plus).")
        },
    )
    missing_reason = gettext_lazy("Choisissez un motif ou décrivez-le.")

    def clean(self):
        data = super().clean()
        code, text = data.get("reason_code"), (data.get("reason") or "").strip()
        if "reason" in self.errors:
            return data
        if code == Reason.OTHER and not text:
            self.add_error("reason", _("Précisez le motif : vous avez choisi « Autre »."))
        elif not code and not text:
            self.add_error("reason_code", self.missing_reason)
        return data


class FlagForm(CannedReasonForm):
    reason_code = forms.ChoiceField(
        label=gettext_lazy("Pourquoi signalez-vous ce message ?"),
        choices=Reason.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "L’équipe de modération lit chaque signalement et vous dira ce qu’elle a décidé ; "
            "la personne signalée ne voit pas qui l’a signalée."
        ),
    )
    reason = forms.CharField(
        label=gettext_lazy("Précisions (facultatif sauf pour « Autre »)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": gettext_lazy("Le motif est trop long (500 caractères au plus).")
        },
    )
    missing_reason = gettext_lazy("Indiquez pourquoi vous signalez ce message.")


class DeletePostForm(DsfrFormMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Motif (communiqué à l’auteur ou l’autrice)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def unbound_copy(form_class, data, **kwargs):
    """The same form, unbound, filled with what was posted: used by « Prévisualiser », which
    must keep the text without showing validation errors."""
    form = form_class(**kwargs)
    initial = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            continue
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            initial[name] = data.getlist(name)
        elif name in data:
            initial[name] = data.get(name)
    return form_class(initial=initial, **kwargs)
