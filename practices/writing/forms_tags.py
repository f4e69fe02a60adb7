"""Step « Publics et freins »: the vocabularies as checkboxes grouped by family (the barriers in
the order of the Odenore typology: each family, then its causes), a filter box (the server
hides what does not match when JavaScript is off) and the chosen terms as removable tags."""

import unicodedata

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from practices.writing.forms import StepForm
from taxonomy.models import ActionType, Audience, Barrier, Benefit, Partner

VOCABULARIES = (
    (
        "audiences",
        Audience,
        _("Publics visés"),
        _("Les personnes que l’action cherche à atteindre."),
    ),
    (
        "barriers",
        Barrier,
        _("Freins traités"),
        _("Les causes du non-recours auxquelles l’action répond."),
    ),
    (
        "benefits",
        Benefit,
        _("Droits et prestations visés"),
        _("Les droits que l’action aide à ouvrir."),
    ),
    ("action_types", ActionType, _("Types d’action"), _("La nature de l’action.")),
    ("partners", Partner, _("Partenaires"), _("Les institutions associées à l’action.")),
)


def folded(text: str) -> str:
    """Lower case without accents, for the filter box."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return text.casefold()


def _offered(model, used_ids):
    """Active terms, plus the retired ones this sheet already uses."""
    queryset = model.objects.filter(Q(is_active=True) | Q(pk__in=used_ids))
    if model is Barrier:
        queryset = queryset.select_related("parent")
    return list(queryset.order_by("position", "label"))


def barrier_groups(barriers):
    """[(family, [family itself, its causes…])] in the typology's order."""
    families = [b for b in barriers if b.parent_id is None]
    by_family = {family.pk: [family] for family in families}
    for barrier in barriers:
        if barrier.parent_id in by_family:
            by_family[barrier.parent_id].append(barrier)
    return [(family, by_family[family.pk]) for family in families]


class TagsForm(StepForm):
    def __init__(self, *args, used=None, filter_text="", **kwargs):
        super().__init__(*args, **kwargs)
        used = used or {}
        self.filter_text = (filter_text or "").strip()[:80]
        self.terms = {}
        for name, model, label, help_text in VOCABULARIES:
            terms = _offered(model, used.get(name, []))
            self.terms[name] = terms
            self.fields[name] = forms.ModelMultipleChoiceField(
                label=label,
                help_text=help_text,
                required=False,
                queryset=model.objects.filter(pk__in=[t.pk for t in terms]),
                widget=forms.CheckboxSelectMultiple,
            )

    @classmethod
    def initial_from(cls, draft) -> dict:
        return {name: [t.pk for t in getattr(draft, name).all()] for name, *_ in VOCABULARIES}

    def apply(self, draft) -> None:
        for name, *_rest in VOCABULARIES:
            setattr(draft, name, list(self.cleaned_data[name]))

    def chosen_ids(self, name) -> set[int]:
        if self.is_bound:
            return {int(v) for v in self.data.getlist(name) if str(v).isdigit()}
        return {int(getattr(v, "pk", v)) for v in self.initial.get(name) or []}

    def _item(self, name, term, chosen, label=None):
        label = label or term.label
        needle = folded(self.filter_text)
        return {
            "id": f"id_{name}_{term.pk}",
            "name": name,
            "value": term.pk,
            "label": label,
            "description": term.description,
            "checked": term.pk in chosen,
            "hidden": bool(needle) and needle not in folded(f"{label} {term.description}"),
            "search": folded(f"{label} {term.description}"),
        }

    def groups(self):
        """What the template shows: per vocabulary, its families of checkboxes."""
        result = []
        for name, _model, label, help_text in VOCABULARIES:
            chosen = self.chosen_ids(name)
            terms = self.terms[name]
            if name == "barriers":
                families = [
                    (
                        family.label,
                        [
                            self._item(
                                name,
                                term,
                                chosen,
                                _("%(family)s, sans précision") % {"family": family.label},
                            )
                            if term.pk == family.pk
                            else self._item(name, term, chosen)
                            for term in members
                        ],
                    )
                    for family, members in barrier_groups(terms)
                ]
            else:
                families = [("", [self._item(name, term, chosen) for term in terms])]
            chosen_items = [item for _f, items in families for item in items if item["checked"]]
            result.append(
                {
                    "name": name,
                    "label": label,
                    "help_text": help_text,
                    "families": families,
                    "chosen": chosen_items,
                    "errors": self.errors.get(name) if self.is_bound else None,
                }
            )
        return result
