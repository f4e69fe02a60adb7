"""Rules of the clause library and of the builder, as plain functions.

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

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from library.conventions.models import (
    VARIABLE_RE,
    Clause,
    ClauseVersion,
    ConventionDraft,
    ModelSection,
    Section,
    variables_in,
)

logger = logging.getLogger(__name__)

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

STEP_OF_VARIABLE = {
    "objet": "objet",
    "categories_donnees": "donnees",
    "personnes_concernees": "personnes",
    "duree_conservation": "conservation",
    "mesures_securite": "securite",
}

DRAFT_NOTICE = _l("Document de travail à faire relire par vos services juridiques et votre DPO.")
DEMO_NOTICE = _l(
    "Les textes de ce modèle sont une rédaction fictive de démonstration : ils ne constituent "
    "pas un avis juridique et ne doivent pas être signés en l’état."
)


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


# --- Clauses, versions, discussions --------------------------------------------------------------

RESERVED_SLUGS = {"proposer", "propositions"}


def free_slug(title: str, exclude_pk=None) -> str:
    base = (slugify(title) or "clause")[:180]
    if base in RESERVED_SLUGS:
        base = f"{base}-clause"
    candidate, number = base, 1
    others = Clause.objects.exclude(pk=exclude_pk) if exclude_pk else Clause.objects.all()
    while others.filter(slug=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def record_version(clause: Clause, user=None) -> ClauseVersion:
    """Create a version when the clause's text differs from its latest version."""
    latest = clause.versions.order_by("-number").first()
    if latest is not None and latest.text == clause.text:
        return latest
    return ClauseVersion.objects.create(
        clause=clause,
        number=(latest.number + 1) if latest else 1,
        text=clause.text,
        created_by=user if user and user.is_authenticated else None,
    )


@transaction.atomic
def change_clause_text(clause: Clause, text: str, user=None) -> ClauseVersion:
    clause.text = text
    clause.save(update_fields=["text", "updated_at"])
    return record_version(clause, user)


def discussion_category():
    from forum.models import Category

    slug = getattr(settings, "CONVENTIONS_FORUM_CATEGORY", "partage-de-donnees")
    return (
        Category.objects.filter(slug=slug).first()
        or Category.objects.filter(visibility=Category.Visibility.PUBLIC)
        .order_by("position", "name")
        .first()
    )


def ensure_discussion(clause: Clause, user):
    """The forum thread of a published clause, created by ``user`` when it has none yet.

    Returns None (and logs) when no category fits or when ``user`` may not post: the clause
    page then offers « Discuter de cette clause » to the next member who can."""
    from forum import services as forum_services

    if clause.thread_id:
        return clause.thread
    if clause.status not in Clause.PUBLIC_STATUSES:
        return None
    category = discussion_category()
    if category is None or user is None or not user.is_authenticated:
        return None
    url = f"{settings.SITE_URL}{clause.get_absolute_url()}"
    source = _(
        "Discussion de la clause « %(title)s » (section « %(section)s ») du clausier.\n\n"
        "Texte et note explicative : %(url)s\n\nPartagez ici vos questions, vos retours "
        "d’usage et vos propositions d’amélioration."
    ) % {"title": clause.title, "section": clause.get_section_display(), "url": url}
    try:
        with transaction.atomic():
            thread = forum_services.create_thread(
                user,
                category,
                _("Clause : %(title)s") % {"title": clause.title},
                source,
                kind="discussion",
            )
    except forum_services.ForumError as error:
        logger.info("No discussion for clause %s: %s", clause.pk, error)
        return None
    Clause.objects.filter(pk=clause.pk).update(thread=thread)
    clause.thread = thread
    return thread


def after_admin_save(clause: Clause, user, previous_status: str | None = None) -> None:
    """Called by the Wagtail admin after a clause is created or edited. A pending proposal
    whose status is changed there is decided as on the proposals screen: the decision is
    recorded and the person who proposed it gets the same e-mail."""
    record_version(clause, user)
    if clause.slug in RESERVED_SLUGS:
        clause.slug = free_slug(clause.slug, exclude_pk=clause.pk)
        clause.save(update_fields=["slug"])
    if previous_status == Clause.Status.PENDING and clause.status != Clause.Status.PENDING:
        _decided_in_admin(clause, user)
    ensure_discussion(clause, user)


def _decided_in_admin(clause: Clause, user) -> None:
    clause.decided_by = user
    clause.decided_at = timezone.now()
    clause.save(update_fields=["decided_by", "decided_at"])
    accepted = clause.status in Clause.USABLE_STATUSES
    if accepted:
        _add_as_alternative(clause)
    if clause.status not in (*Clause.USABLE_STATUSES, Clause.Status.REFUSED):
        return  # withdrawn at once: nothing to announce
    _mail_decision(clause, accepted, clause.decision_comment)


def _mail_decision(clause: Clause, accepted: bool, comment: str) -> None:
    from mailer.services import send_templated

    if not (clause.proposed_by and clause.proposed_by.is_active):
        return
    template = "accepted" if accepted else "refused"
    send_templated(
        clause.proposed_by.email,
        f"conventions/email/proposal_{template}",
        {
            "clause": clause,
            "comment": comment,
            "clause_url": f"{settings.SITE_URL}{clause.get_absolute_url()}",
        },
    )


# --- Proposals -----------------------------------------------------------------------------------


@transaction.atomic
def propose_clause(user, *, territory, title, section, text, note="", alternative_to=None):
    from library.conventions import permissions

    reason = permissions.why_cannot_propose(user)
    if reason:
        raise ConventionError(reason)
    if territory.pk not in permissions.account_permissions.member_territory_ids(user):
        raise ConventionError(_("Vous ne faites pas partie de l’équipe de ce territoire."))
    clause = Clause.objects.create(
        title=title,
        slug=free_slug(title),
        section=section,
        text=text,
        note=note,
        status=Clause.Status.PENDING,
        territory=territory,
        proposed_by=user,
        alternative_to=alternative_to,
    )
    record_version(clause, user)
    _notify_reviewers(clause)
    return clause


def _notify_reviewers(clause: Clause) -> None:
    from accounts import roles
    from accounts.models import User
    from mailer.services import send_templated

    emails = list(
        User.objects.filter(groups__name=roles.FACILITATOR, is_active=True)
        .values_list("email", flat=True)
        .distinct()
    )
    if emails:
        send_templated(
            emails,
            "conventions/email/proposal_submitted",
            {"clause": clause, "review_url": _absolute("conventions:proposals")},
        )


def _absolute(name, **kwargs) -> str:
    from django.urls import reverse

    return f"{settings.SITE_URL}{reverse(name, kwargs=kwargs or None)}"


@transaction.atomic
def decide_proposal(user, clause: Clause, *, accept: bool, comment: str = "") -> Clause:
    from library.conventions import permissions

    if not permissions.can_review_proposals(user):
        raise ConventionError(_("Seule l’équipe d’animation peut valider une proposition."))
    clause = Clause.objects.select_for_update().get(pk=clause.pk)
    if clause.status != Clause.Status.PENDING:
        raise ConventionError(
            _("Cette proposition a déjà reçu une réponse (%(status)s).")
            % {"status": clause.get_status_display().lower()}
        )
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ConventionError(_("Expliquez le refus : le motif est transmis au territoire."))
    clause.status = Clause.Status.PROPOSED if accept else Clause.Status.REFUSED
    clause.decided_by = user
    clause.decided_at = timezone.now()
    clause.decision_comment = comment
    clause.save()
    if accept:
        _add_as_alternative(clause)
        ensure_discussion(clause, user)
    _mail_decision(clause, accept, comment)
    return clause


def _add_as_alternative(clause: Clause) -> None:
    """A validated alternative joins the sections where the clause it varies is offered."""
    if not clause.alternative_to_id:
        return
    sections = ModelSection.objects.filter(section=clause.section).filter(
        default_clause_id=clause.alternative_to_id
    ) | ModelSection.objects.filter(section=clause.section, alternatives=clause.alternative_to_id)
    for model_section in sections.distinct():
        add_alternative(model_section, clause)


def add_alternative(model_section: ModelSection, clause: Clause) -> None:
    model_section.alternatives.add(clause)
    model_section.alternatives.commit()


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


# --- The document --------------------------------------------------------------------------------


@dataclass
class Article:
    number: int
    title: str
    paragraphs: list[str]


@dataclass
class ConventionDocument:
    title: str
    model_title: str
    parties: list[dict]
    preamble: list[str]
    articles: list[Article]
    data_categories: list[str]
    persons: list[str]
    retention: str
    security: list[str]
    notices: list[str]
    is_demo: bool
    generated_at: object = field(default_factory=timezone.now)


def _paragraphs(text: str) -> list[str]:
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return [" ".join(line.strip() for line in block.splitlines()) for block in blocks if block]


def build_document(draft: ConventionDraft) -> ConventionDocument:
    """Assemble the convention; raise ConventionError if a step is incomplete and
    MissingVariables if a variable is empty."""
    incomplete = [slug for slug in incomplete_steps(draft) if slug != "variables"]
    if incomplete:
        raise ConventionError(
            _("Le projet n’est pas complet : terminez l’étape « %(step)s ».")
            % {"step": STEP_LABELS[incomplete[0]]}
        )
    answers = draft.answers or {}
    values = all_values(answers)
    chosen = chosen_clauses(draft)
    missing = missing_variables(draft)
    if missing:
        raise MissingVariables(missing)
    preamble, articles = [], []
    for item in chosen:
        paragraphs = _paragraphs(fill(item.version.text, values))
        if item.model_section.section == Section.PARTIES:
            preamble.extend(paragraphs)
        else:
            articles.append(Article(len(articles) + 1, item.section_label, paragraphs))
    is_demo = draft.convention_model.is_demo or any(item.clause.is_demo for item in chosen)
    notices = [str(DRAFT_NOTICE)]
    if is_demo:
        notices.insert(0, str(DEMO_NOTICE))
    return ConventionDocument(
        title=clean_value(draft.title),
        model_title=draft.convention_model.title,
        parties=[
            {
                key: clean_value(party.get(key))
                for key in ("name", "representative", "role", "contact")
            }
            for party in answers.get("parties") or []
        ],
        preamble=preamble,
        articles=articles,
        data_categories=[clean_value(x) for x in answers.get("data_categories") or []],
        persons=[clean_value(x) for x in answers.get("persons") or []],
        retention=clean_value(answers.get("retention")),
        security=[clean_value(x) for x in answers.get("security") or []],
        notices=notices,
        is_demo=is_demo,
    )


def export_filename(draft: ConventionDraft, extension: str) -> str:
    return f"{slugify(draft.title)[:80] or 'convention'}.{extension}"
