from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm, DsfrBoundField
from dsfr.utils import dsfr_input_class_attr

from accounts.models import Territory, User
from website.text import PlainCharFormField


class DsfrFormMixin:
    """Render any form (allauth's included) with the DSFR field templates."""

    template_name = "dsfr/form_snippet.html"
    bound_field_class = DsfrBoundField
    default_renderer = DsfrBaseForm.default_renderer

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)


class LoginForm(DsfrFormMixin, allauth_forms.LoginForm):
    pass


class SignupForm(DsfrFormMixin, allauth_forms.SignupForm):
    first_name = PlainCharFormField(label=_("Prénom"), max_length=150)
    last_name = PlainCharFormField(label=_("Nom"), max_length=150)
    organisation = PlainCharFormField(
        label=_("Structure"),
        max_length=200,
        required=False,
        help_text=_("Collectivité, CCAS, association, caisse, service de l’État…"),
    )
    job_title = PlainCharFormField(label=_("Fonction"), max_length=200, required=False)

    field_order = ["first_name", "last_name", "email", "organisation", "job_title"]

    def save(self, request):
        user = super().save(request)
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.organisation = self.cleaned_data.get("organisation", "")
        user.job_title = self.cleaned_data.get("job_title", "")
        user.save(update_fields=["first_name", "last_name", "organisation", "job_title"])
        return user


class ResetPasswordForm(DsfrFormMixin, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(DsfrFormMixin, allauth_forms.ResetPasswordKeyForm):
    pass


class ChangePasswordForm(DsfrFormMixin, allauth_forms.ChangePasswordForm):
    pass


class SetPasswordForm(DsfrFormMixin, allauth_forms.SetPasswordForm):
    pass


class AddEmailForm(DsfrFormMixin, allauth_forms.AddEmailForm):
    pass


class ProfileForm(DsfrFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "organisation", "job_title"]


class PreferencesForm(DsfrFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["notification_frequency", "email_event_reminders", "email_community_news"]
        widgets = {"notification_frequency": forms.RadioSelect}
        help_texts = {
            "notification_frequency": _(
                "Réponses à vos discussions, mentions, décisions de modération."
            )
        }


class MembershipRequestForm(DsfrFormMixin, forms.Form):
    territory = forms.ModelChoiceField(
        label=_("Territoire"),
        queryset=Territory.objects.filter(is_active=True).select_related("region"),
        empty_label=_("Choisissez votre territoire"),
        error_messages={
            "required": _("Choisissez le territoire que vous souhaitez rejoindre."),
            "invalid_choice": _("Ce territoire n’existe pas ou n’accepte plus de demandes."),
        },
    )
    message = forms.CharField(
        label=_("Message au référent"),
        help_text=_("Votre rôle dans le projet, par exemple."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["territory"].label_from_instance = lambda t: (
            f"{t.name} ({t.departement_code} — {t.region.name})"
        )

    def clean_territory(self):
        from accounts.permissions import why_cannot_request_membership

        territory = self.cleaned_data["territory"]
        reason = why_cannot_request_membership(self.user, territory)
        if reason:
            raise forms.ValidationError(reason)
        return territory


class DecisionForm(DsfrFormMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accepter")), ("refuse", _("Refuser"))],
        error_messages={"required": _("Choisissez d’accepter ou de refuser.")},
    )
    comment = forms.CharField(
        label=_("Commentaire pour la personne"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )


class DeleteAccountForm(DsfrFormMixin, forms.Form):
    password = forms.CharField(
        label=_("Votre mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Pour vérifier que c’est bien vous."),
    )
    confirm = forms.BooleanField(
        label=_(
            "Je comprends que mon compte sera supprimé définitivement et que mes messages "
            "resteront visibles, signés « Compte supprimé »."
        ),
        error_messages={"required": _("Cochez la case pour confirmer la suppression.")},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Ce mot de passe n’est pas le bon."))
        return password
