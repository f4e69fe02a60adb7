"""Forms of the saved searches (DSFR rendering through accounts.forms.DsfrFormMixin)."""

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.forms import DsfrFormMixin
from search import saved
from search.models import SavedSearch


class SavedSearchForm(DsfrFormMixin, forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["name", "frequency"]
        labels = {
            "name": gettext_lazy("Nom de la recherche"),
            "frequency": gettext_lazy("Recevoir les nouveaux résultats par e-mail"),
        }
        help_texts = {
            "name": gettext_lazy(
                "Pour la retrouver dans vos recherches et dans les e-mails "
                "(100 caractères au plus)."
            ),
        }
        widgets = {"frequency": forms.RadioSelect}
        error_messages = {
            "name": {
                "required": gettext_lazy("Donnez un nom à cette recherche."),
                "max_length": gettext_lazy("Le nom ne doit pas dépasser 100 caractères."),
            },
            "frequency": {
                "required": gettext_lazy("Choisissez la fréquence des e-mails."),
                "invalid_choice": gettext_lazy("Choisissez la fréquence des e-mails."),
            },
        }

    def clean_name(self):
        name = " ".join((self.cleaned_data.get("name") or "").split())
        if not name:
            raise forms.ValidationError(_("Donnez un nom à cette recherche."))
        return name


class CreateSavedSearchForm(SavedSearchForm):
    query_string = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)

    class Meta(SavedSearchForm.Meta):
        fields = ["name", "frequency", "query_string"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_query_string(self):
        raw = self.cleaned_data.get("query_string") or ""
        canonical = saved.canonical_query_string(QueryDict(raw), self.user)
        if saved.is_empty(canonical):
            raise forms.ValidationError(
                _(
                    "Cette recherche est vide : saisissez des mots ou choisissez au moins un "
                    "filtre avant de l’enregistrer."
                )
            )
        return canonical

    def clean(self):
        cleaned = super().clean()
        mine = SavedSearch.objects.filter(user=self.user)
        if mine.count() >= saved.MAX_PER_USER:
            raise forms.ValidationError(
                _(
                    "Vous avez déjà %(n)s recherches enregistrées, le maximum : supprimez-en une "
                    "avant d’en ajouter une autre."
                )
                % {"n": saved.MAX_PER_USER}
            )
        query_string = cleaned.get("query_string")
        if query_string is not None:
            existing = mine.filter(query_string=query_string).first()
            if existing is not None:
                raise forms.ValidationError(
                    _("Vous avez déjà enregistré cette recherche sous le nom « %(name)s ».")
                    % {"name": existing.name}
                )
        return cleaned

    def save(self, commit=True):
        instance = super().save(commit=False)
        instance.user = self.user
        if commit:
            instance.save()
        return instance


class EditSavedSearchForm(SavedSearchForm):
    class Meta(SavedSearchForm.Meta):
        fields = ["name", "frequency", "is_active"]
        labels = {
            **SavedSearchForm.Meta.labels,
            "is_active": gettext_lazy("Recevoir les alertes par e-mail"),
        }
        help_texts = {
            **SavedSearchForm.Meta.help_texts,
            "is_active": gettext_lazy(
                "Décochez pour suspendre les e-mails sans supprimer la recherche."
            ),
        }
