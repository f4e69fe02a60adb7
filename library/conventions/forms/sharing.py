"""Sharing a draft with the team of a territory the person belongs to."""

from django import forms
from django.utils.translation import gettext_lazy

from accounts.forms import DsfrFormMixin


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
