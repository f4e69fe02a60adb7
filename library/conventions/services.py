"""The answers of a draft, the values they give to the variables of the clauses, and the errors
of the conventions' rules. The rules themselves live beside: ``clauses`` (the clause library,
its versions, discussions and proposals), ``drafts`` (the builder's steps and drafts) and
``document`` (the convention assembled from a draft).

The answers of a draft (``ConventionDraft.answers``) are a JSON object:

- ``partners``: ids of ``taxonomy.Partner`` (the institutions concerned: CAF, CPAM…);
- ``parties``: ``[{"name", "representative", "role", "contact"}]``, the signatories;
- ``purpose`` (str), ``data_categories`` (list of str), ``persons`` (list of str),
  ``retention`` (str), ``security`` (list of str);
- ``clauses``: ``{section: {"clause": id, "version": number}}``, the clause chosen for each
  section of the model *and the version of its text*;
- ``variables``: ``{name: value}``, the values typed for the remaining variables.

Values computed from the answers (``partenaire_1``, ``duree_conservation``…) fill the variables
of the same name; the others are asked at the « Variables » step. A document is never produced
while a variable is empty: ``MissingVariables`` names them."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from library.conventions.models import VARIABLE_RE, variables_in

# Labels of the variables computed from the first steps, and of the usual free ones.
VARIABLE_LABELS = {
    "liste_partenaires": _l("Liste des parties"),
    "partenaires_institutionnels": _l("Partenaires institutionnels concernés"),
    "objet": _l("Objet de la convention"),
    "categories_donnees": _l("Catégories de données"),
    "personnes_concernees": _l("Personnes concernées"),
    "duree_conservation": _l("Durée de conservation"),
    "mesures_securite": _l("Mesures de sécurité"),
    "duree_convention": _l("Durée de la convention"),
    "date_effet": _l("Date d’entrée en vigueur"),
    "preavis_resiliation": _l("Préavis de résiliation"),
    "territoire": _l("Territoire concerné"),
    "contact_dpo": _l("Contact du délégué à la protection des données"),
    "sous_traitant": _l("Sous-traitant"),
    "delai_notification_violation": _l("Délai de notification d’une violation de données"),
    "frequence_echanges": _l("Fréquence des échanges"),
}


class ConventionError(Exception):
    """A refused action; ``str(error)`` is the French message to show."""


class MissingVariables(ConventionError):
    def __init__(self, names: list[str]):
        self.names = names
        labels = ", ".join(f"« {variable_label(name)} »" for name in names)
        super().__init__(
            _(
                "Des variables ne sont pas renseignées : %(labels)s. Complétez l’étape "
                "« Variables restantes »."
            )
            % {"labels": labels}
        )


def variable_label(name: str) -> str:
    if name in VARIABLE_LABELS:
        return str(VARIABLE_LABELS[name])
    for prefix, label in (
        ("partenaire_", _("Partie n° %(n)s")),
        ("representant_", _("Représentant·e de la partie n° %(n)s")),
        ("qualite_representant_", _("Qualité du représentant de la partie n° %(n)s")),
    ):
        if name.startswith(prefix) and name[len(prefix) :].isdigit():
            return label % {"n": name[len(prefix) :]}
    return name.replace("_", " ").capitalize()


def clean_value(value) -> str:
    """A value typed by a person never brings its own ``{{ }}`` into a document."""
    text = str(value or "").strip()
    return text.replace("{{", "").replace("}}", "")


def _join(items: list[str]) -> str:
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s et %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def computed_values(answers: dict) -> dict[str, str]:
    """Variables whose value comes from the first steps of the builder."""
    values: dict[str, str] = {}
    parties = answers.get("parties") or []
    for index, party in enumerate(parties, start=1):
        values[f"partenaire_{index}"] = clean_value(party.get("name"))
        values[f"representant_{index}"] = clean_value(party.get("representative"))
        values[f"qualite_representant_{index}"] = clean_value(party.get("role"))
    values["liste_partenaires"] = _join([clean_value(p.get("name")) for p in parties])
    partner_ids = answers.get("partners") or []
    if partner_ids:
        from taxonomy.models import Partner

        labels = dict(Partner.objects.filter(pk__in=partner_ids).values_list("pk", "label"))
        values["partenaires_institutionnels"] = _join(
            [labels[pk] for pk in partner_ids if pk in labels]
        )
    values["objet"] = clean_value(answers.get("purpose"))
    values["categories_donnees"] = "; ".join(
        clean_value(item) for item in answers.get("data_categories") or []
    )
    values["personnes_concernees"] = "; ".join(
        clean_value(item) for item in answers.get("persons") or []
    )
    values["duree_conservation"] = clean_value(answers.get("retention"))
    values["mesures_securite"] = "; ".join(
        clean_value(item) for item in answers.get("security") or []
    )
    return {name: value for name, value in values.items() if value}


def all_values(answers: dict) -> dict[str, str]:
    typed = {name: clean_value(value) for name, value in (answers.get("variables") or {}).items()}
    return {**{k: v for k, v in typed.items() if v}, **computed_values(answers)}


def fill(text: str, values: dict[str, str]) -> str:
    """Replace every ``{{ name }}``; raise MissingVariables if one has no value."""
    missing = [name for name in variables_in(text) if not values.get(name)]
    if missing:
        raise MissingVariables(missing)
    filled = VARIABLE_RE.sub(lambda match: values[match.group(1)], text)
    # Never let a stray pair of braces through (a malformed placeholder in a clause).
    return filled.replace("{{", "").replace("}}", "")
