"""« M’en inspirer pour ma fiche »: a team starts its own draft from another territory's
published sheet. The description, the tags and what it takes to reproduce the action are
copied; the results (the other territory's figures), contacts and attachments are not. The
new draft is recorded as a reuse of the source (« Nous l’adaptons »), which links the two."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.forms import DsfrFormMixin
from practices import services
from practices.writing.service import start_sheet

COPIED_FIELDS = (
    "summary",
    "organisation",
    "action_status",
    "maturity",
    "context",
    "actions",
    "staff_fte",
    "budget_range",
    "duration",
    "tools",
    "data_sharing",
    "data_sharing_details",
    "lessons_worked",
    "lessons_pitfalls",
    "replication",
)
COPIED_TAGS = (
    "audiences",
    "barriers",
    "benefits",
    "action_types",
    "partners",
    "data_sharing_partners",
)


class InspireForm(DsfrFormMixin, forms.Form):
    territory = forms.ModelChoiceField(
        label=_("Pour le territoire"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Choisissez un de vos territoires.")},
    )

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories
        if territories.count() == 1:
            self.fields["territory"].widget = forms.HiddenInput()
            self.fields["territory"].initial = territories.first().pk


@transaction.atomic
def start_from(source, user, territory):
    from practices.models import Reuse

    fields = {name: getattr(source, name) for name in COPIED_FIELDS}
    fields["organisation"] = ""  # the team's own structure, to fill in
    fields["action_status"] = source.ActionStatus.PROJECT
    fields["maturity"] = source.Maturity.IDEA
    fields.update({name: list(getattr(source, name).all()) for name in COPIED_TAGS})
    sheet = start_sheet(user, territory, source.title, fields)
    services.declare_reuse(user, source, territory, Reuse.Kind.ADAPT, own_sheet=sheet)
    return sheet
