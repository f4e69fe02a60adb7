from django import forms
from django.utils.translation import gettext_lazy as _

from reports.imports import reading


class UploadForm(forms.Form):
    fichier = forms.FileField(
        label=_("Modèle de collecte rempli"),
        error_messages={
            "required": _("Choisissez le fichier du modèle de collecte rempli."),
            "empty": _("Le fichier est vide : déposez le modèle de collecte rempli."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fichier"].help_text = reading.accepted_formats_hint()
