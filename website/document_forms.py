"""The form of every Wagtail document uploaded in the admin (setting
``WAGTAILDOCS_DOCUMENT_FORM_BASE``): the add and edit views, the multiple upload and the upload
tab of the document chooser all build their form on it.

A new file is checked by its content like the library's (``website.uploads.validate_upload``):
a text file renamed ``.pdf``, an unknown format, a decompression bomb or a file over
``UPLOAD_MAX_SIZE`` is refused at the field with a French message saying why. Wagtail's own size
check on the field (the one the multiple uploader also runs in the browser, before sending) uses
the same limit, with a French message."""

from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

from website.uploads import ACCEPT_ATTRIBUTE, max_upload_size, validate_upload


class DocumentForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self._configure_file_field(self.fields["file"])

    @staticmethod
    def _configure_file_field(field) -> None:
        limit = max_upload_size()
        size = filesizeformat(limit)
        field.max_upload_size = limit
        field.max_upload_size_text = size
        field.help_text = _(
            "Formats acceptés : PDF, DOCX, ODT, XLSX, ODS et CSV ; %(limit)s au plus."
        ) % {"limit": size}
        field.error_messages["file_too_large"] = _(
            "Le fichier pèse %(file_size)s : la taille maximale est de %(max_filesize)s."
        )
        field.error_messages["file_too_large_unknown_size"] = _(
            "Le fichier est trop lourd : la taille maximale est de %(limit)s."
        ) % {"limit": size}
        field.widget.attrs.setdefault("accept", ACCEPT_ATTRIBUTE)

    def _update_errors(self, errors):
        """Wagtail's ``Document.clean`` checks the extension again on the model, which has no
        file once ``clean_file`` refused it, and would add that an empty extension is not
        allowed: only our message is kept."""
        if "file" in self._errors and hasattr(errors, "error_dict"):
            errors.error_dict.pop("file", None)
            if not errors.error_dict:
                return
        super()._update_errors(errors)

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):  # a new file (else the one already stored)
            validate_upload(file)
        return file
