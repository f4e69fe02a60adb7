"""The Wagtail admin's user screens, with the fields of our user model."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from accounts.models import Region

EXTRA_FIELDS = ["organisation", "job_title", "regions"]


class _ExtraFieldsMixin(forms.Form):
    organisation = forms.CharField(label=_("Structure"), max_length=200, required=False)
    job_title = forms.CharField(label=_("Fonction"), max_length=200, required=False)
    regions = forms.ModelMultipleChoiceField(
        label=_("Régions suivies (commissaires)"),
        queryset=Region.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class AdminUserCreationForm(UserCreationForm, _ExtraFieldsMixin):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(EXTRA_FIELDS)


class AdminUserEditForm(UserEditForm, _ExtraFieldsMixin):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(EXTRA_FIELDS)


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return AdminUserEditForm if for_update else AdminUserCreationForm
