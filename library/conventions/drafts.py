"""Rules of the builder: its steps, the clauses a draft may choose and has chosen, what is
left to fill, and the changes made to a draft (creating, saving a step, choosing clauses,
updating their versions, sharing)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from library.conventions.models import (
    Clause,
    ClauseVersion,
    ConventionDraft,
    ModelSection,
    variables_in,
)
from library.conventions.services import ConventionError, all_values, computed_values

# --- Steps of the builder ------------------------------------------------------------------------

STEPS = [
    ("modele", _l("Modèle de convention")),
    ("partenaires", _l("Partenaires et signataires")),
    ("objet", _l("Objet de la convention")),
    ("donnees", _l("Catégories de données")),
    ("personnes", _l("Personnes concernées")),
    ("conservation", _l("Durée de conservation")),
    ("securite", _l("Mesures de sécurité")),
    ("clauses", _l("Choix des clauses")),
    ("variables", _l("Variables restantes")),
]
STEP_SLUGS = [slug for slug, _label in STEPS]
STEP_LABELS = dict(STEPS)

SECURITY_MEASURES = [
    ("chiffrement", _l("Chiffrement des fichiers échangés")),
    ("depot-securise", _l("Dépôt sur une plateforme d’échange sécurisée (jamais par e-mail)")),
    ("habilitations", _l("Liste nominative des personnes habilitées")),
    ("journalisation", _l("Journalisation des accès aux données")),
    ("pseudonymisation", _l("Pseudonymisation avant croisement lorsque c’est possible")),
    ("destruction", _l("Destruction des fichiers à la fin de la durée de conservation")),
    ("sensibilisation", _l("Sensibilisation des agents à la confidentialité")),
]

STEP_OF_VARIABLE = {
    "objet": "objet",
    "categories_donnees": "donnees",
    "personnes_concernees": "personnes",
    "duree_conservation": "conservation",
    "mesures_securite": "securite",
}


# --- Drafts --------------------------------------------------------------------------------------


def model_sections(convention_model) -> list[ModelSection]:
    return list(
        convention_model.sections.select_related("default_clause")
        .prefetch_related("alternatives")
        .order_by("position", "pk")
    )


def section_options(model_section: ModelSection, chosen_id: int | None = None) -> list[Clause]:
    """Clauses a draft may choose in a section: the default then the alternatives, usable
    ones only, plus the clause already chosen even if it has been withdrawn since."""
    options = [model_section.default_clause, *model_section.alternatives.all()]
    seen, result = set(), []
    for clause in options:
        if clause.pk in seen:
            continue
        seen.add(clause.pk)
        if clause.is_usable or clause.pk == chosen_id:
            result.append(clause)
    if chosen_id and chosen_id not in seen:
        chosen = Clause.objects.filter(pk=chosen_id).first()
        if chosen is not None:
            result.append(chosen)
    return result


@dataclass
class ChosenClause:
    model_section: ModelSection
    clause: Clause
    version: ClauseVersion
    latest_number: int

    @property
    def outdated(self) -> bool:
        return self.version.number < self.latest_number

    @property
    def section_label(self) -> str:
        return self.model_section.get_section_display()


def chosen_clauses(draft: ConventionDraft) -> list[ChosenClause]:
    """The clause (and version) chosen for each section of the model, in the model's order;
    sections without a choice yet are left out."""
    sections = model_sections(draft.convention_model)
    choices = (draft.answers or {}).get("clauses") or {}
    ids = {int(c["clause"]) for c in choices.values() if c and c.get("clause")}
    clauses = {c.pk: c for c in Clause.objects.filter(pk__in=ids)}
    versions: dict[int, dict[int, ClauseVersion]] = {}
    for version in ClauseVersion.objects.filter(clause_id__in=ids):
        versions.setdefault(version.clause_id, {})[version.number] = version
    result = []
    for model_section in sections:
        choice = choices.get(model_section.section)
        if not choice or int(choice.get("clause") or 0) not in clauses:
            continue
        clause = clauses[int(choice["clause"])]
        by_number = versions.get(clause.pk) or {}
        if not by_number:
            by_number = {0: ClauseVersion(clause=clause, number=0, text=clause.text)}
        latest = max(by_number)
        version = by_number.get(int(choice.get("version") or 0)) or by_number[latest]
        result.append(ChosenClause(model_section, clause, version, latest))
    return result


def remaining_variables(draft: ConventionDraft) -> list[tuple[str, list[str]]]:
    """Variables of the chosen clauses that the first steps do not fill, with the sections
    that use them, in order of appearance."""
    computed = computed_values(draft.answers or {})
    found: dict[str, list[str]] = {}
    for chosen in chosen_clauses(draft):
        for name in variables_in(chosen.version.text):
            if name in computed:
                continue
            found.setdefault(name, [])
            if chosen.section_label not in found[name]:
                found[name].append(chosen.section_label)
    return list(found.items())


def missing_variables(draft: ConventionDraft) -> list[str]:
    values = all_values(draft.answers or {})
    missing = []
    for chosen in chosen_clauses(draft):
        for name in variables_in(chosen.version.text):
            if not values.get(name) and name not in missing:
                missing.append(name)
    return missing


def step_is_complete(draft: ConventionDraft, step: str) -> bool:
    answers = draft.answers or {}
    if step == "modele":
        return bool(draft.convention_model_id)
    if step == "partenaires":
        return len(answers.get("parties") or []) >= 2
    if step == "objet":
        return bool(answers.get("purpose"))
    if step == "donnees":
        return bool(answers.get("data_categories"))
    if step == "personnes":
        return bool(answers.get("persons"))
    if step == "conservation":
        return bool(answers.get("retention"))
    if step == "securite":
        return bool(answers.get("security"))
    if step == "clauses":
        chosen = {c.model_section.section for c in chosen_clauses(draft)}
        return all(s.section in chosen for s in model_sections(draft.convention_model))
    if step == "variables":
        return step_is_complete(draft, "clauses") and not missing_variables(draft)
    return False


def incomplete_steps(draft: ConventionDraft) -> list[str]:
    return [slug for slug in STEP_SLUGS if not step_is_complete(draft, slug)]


@transaction.atomic
def create_draft(user, convention_model, title: str) -> ConventionDraft:
    from library.conventions import permissions

    reason = permissions.why_cannot_use_builder(user)
    if reason:
        raise ConventionError(reason)
    now = timezone.now()
    return ConventionDraft.objects.create(
        owner=user,
        convention_model=convention_model,
        title=title,
        answers={},
        created_at=now,
        updated_at=now,
        updated_by=user,
    )


@transaction.atomic
def save_answers(draft: ConventionDraft, user, changes: dict, **fields) -> ConventionDraft:
    """Merge the valid answers of one step and save them at once."""
    draft = ConventionDraft.objects.select_for_update().get(pk=draft.pk)
    answers = dict(draft.answers or {})
    answers.update(changes)
    draft.answers = answers
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.updated_at = timezone.now()
    draft.updated_by = user
    draft.save()
    return draft


def choose_clauses(draft: ConventionDraft, user, clause_ids: dict[str, int]) -> ConventionDraft:
    """Store the chosen clause of each section with the number of its latest version (kept
    when the same clause was already chosen: a draft changes version only when asked)."""
    previous = (draft.answers or {}).get("clauses") or {}
    latest = latest_version_numbers(clause_ids.values())
    choices = {}
    for section, clause_id in clause_ids.items():
        old = previous.get(section) or {}
        if old.get("clause") == clause_id and old.get("version"):
            choices[section] = old
        else:
            choices[section] = {"clause": clause_id, "version": latest.get(clause_id, 0)}
    return save_answers(draft, user, {"clauses": choices})


def latest_version_numbers(clause_ids) -> dict[int, int]:
    from django.db.models import Max

    return dict(
        ClauseVersion.objects.filter(clause_id__in=list(clause_ids))
        .values("clause_id")
        .annotate(latest=Max("number"))
        .values_list("clause_id", "latest")
    )


def update_to_latest(draft: ConventionDraft, user) -> list[str]:
    """Move every chosen clause to its latest version; return the sections updated."""
    choices = dict((draft.answers or {}).get("clauses") or {})
    latest = latest_version_numbers(c["clause"] for c in choices.values() if c)
    updated = []
    for section, choice in choices.items():
        number = latest.get(choice.get("clause"))
        if number and number != choice.get("version"):
            choices[section] = {"clause": choice["clause"], "version": number}
            updated.append(section)
    if updated:
        save_answers(draft, user, {"clauses": choices})
    return updated


@transaction.atomic
def share_draft(draft: ConventionDraft, user, territory) -> ConventionDraft:
    from library.conventions import permissions

    if not permissions.can_share_draft(user, draft):
        raise ConventionError(_("Seule la personne qui a créé ce projet peut le partager."))
    if (
        territory is not None
        and territory.pk not in permissions.account_permissions.member_territory_ids(user)
    ):
        raise ConventionError(_("Vous ne faites pas partie de l’équipe de ce territoire."))
    draft.shared_territory = territory
    draft.save(update_fields=["shared_territory"])
    return draft
