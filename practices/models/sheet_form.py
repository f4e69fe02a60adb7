"""The admin form of a practice sheet."""

from django import forms
from django.db.models import Q
from wagtail.admin.forms import WagtailAdminPageForm

from practices.models.index import TerritoryFolderPage


class SheetForm(WagtailAdminPageForm):
    """The territory of a sheet is the territory of the folder it is written in; its contacts
    are chosen among that territory's team only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "contacts" in self.fields:
            from accounts.models import Membership, User

            territory_id = self.instance.territory_id
            parent = getattr(self, "parent_page", None)
            if territory_id is None and parent is not None:
                folder = parent.specific
                territory_id = getattr(folder, "territory_id", None)
            self.fields["contacts"].queryset = User.objects.filter(
                is_active=True,
                memberships__territory_id=territory_id,
                memberships__status=Membership.Status.ACCEPTED,
            ).order_by("last_name", "first_name")

        self._offer_active_terms_only()
        french_decimals(self)

    def _offer_active_terms_only(self):
        """Retired vocabulary terms and result indicators (``is_active`` off) are no longer
        offered, except where this sheet already uses them: editing an older sheet keeps its
        choices."""
        from taxonomy.models import Term

        for name, field in self.fields.items():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model is None or not issubclass(model, Term):
                continue
            initial = self.initial.get(name)
            # A list or queryset of terms (many-to-many) or one term or id.
            values = [initial] if isinstance(initial, str | int | Term) else list(initial or [])
            used = [getattr(value, "pk", value) for value in values if value]
            field.queryset = field.queryset.filter(Q(is_active=True) | Q(pk__in=used))
        results = getattr(self, "formsets", {}).get("results")
        if results is None:
            return

        def offer_active_indicators(form):
            field = form.fields.get("indicator")
            if field is not None:
                current = [form.instance.indicator_id] if form.instance.indicator_id else []
                field.queryset = field.queryset.filter(Q(is_active=True) | Q(pk__in=current))

        class ResultLineForm(results.form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                offer_active_indicators(self)
                french_decimals(self)

        for form in results.forms:
            offer_active_indicators(form)
        results.form = ResultLineForm  # the blank form (« Ajouter un résultat »)

    def clean(self):
        cleaned_data = super().clean()
        parent = getattr(self, "parent_page", None)
        if parent is not None and not self.instance.territory_id:
            folder = parent.specific
            if isinstance(folder, TerritoryFolderPage):
                self.instance.territory = folder.territory
        return cleaned_data


def french_decimals(form) -> None:
    """Decimal fields read « 0,5 » as 0.5 (the number input of browsers dropped the comma:
    « 0,5 » was stored as 5) and show values with a comma."""
    for field in form.fields.values():
        if isinstance(field, forms.DecimalField):
            field.localize = True
            field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
            field.widget.is_localized = True
