import pytest

from accounts import roles
from library.conventions.clauses import add_alternative, record_version
from library.conventions.drafts import choose_clauses, create_draft, save_answers
from library.conventions.models import Clause, ConventionModel, ModelSection, Section
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory


def make_clause(slug, section, text, status=Clause.Status.VALIDATED, **extra):
    clause = Clause.objects.create(
        slug=slug,
        title=extra.pop("title", slug.replace("-", " ").capitalize()),
        section=section,
        text=text,
        status=status,
        **extra,
    )
    record_version(clause)
    return clause


@pytest.fixture
def territory():
    return TerritoryFactory(name="Fictiville test", slug="fictiville-test")


@pytest.fixture
def member(territory):
    user = UserFactory(first_name="Camille", last_name="Membre")
    MembershipFactory(user=user, territory=territory)
    return user


@pytest.fixture
def teammate(territory):
    user = UserFactory(first_name="Dominique", last_name="Collègue")
    MembershipFactory(user=user, territory=territory)
    return user


@pytest.fixture
def outsider():
    user = UserFactory(first_name="Sacha", last_name="Ailleurs")
    MembershipFactory(user=user)
    return user


@pytest.fixture
def facilitator():
    return UserFactory(first_name="Alex", last_name="Animateur", roles=[roles.FACILITATOR])


@pytest.fixture
def clauses():
    return {
        "parties": make_clause(
            "parties-std",
            Section.PARTIES,
            "Entre {{ partenaire_1 }}, représenté par {{ representant_1 }}, et "
            "{{ partenaire_2 }}, représenté par {{ representant_2 }}.",
        ),
        "objet": make_clause(
            "objet-std",
            Section.OBJET,
            "La convention a pour objet : {{ objet }}.\n\nElle porte sur {{ territoire }}.",
        ),
        "conservation": make_clause(
            "conservation-std",
            Section.DUREE_CONSERVATION,
            "Les données sont conservées {{ duree_conservation }}.",
            is_demo=True,
        ),
        "conservation-proposee": make_clause(
            "conservation-proposee",
            Section.DUREE_CONSERVATION,
            "Conservation {{ duree_conservation }}, puis anonymisation.",
            status=Clause.Status.PROPOSED,
            title="Conservation puis anonymisation",
        ),
        "conservation-retiree": make_clause(
            "conservation-retiree",
            Section.DUREE_CONSERVATION,
            "Texte retiré {{ duree_conservation }}.",
            status=Clause.Status.WITHDRAWN,
            title="Conservation ancienne",
        ),
        "conservation-en-attente": make_clause(
            "conservation-en-attente",
            Section.DUREE_CONSERVATION,
            "Texte en attente.",
            status=Clause.Status.PENDING,
            title="Conservation en attente",
        ),
        "securite": make_clause(
            "securite-std",
            Section.SECURITE,
            "Mesures : {{ mesures_securite }}. Durée : {{ duree_convention }}.",
        ),
    }


@pytest.fixture
def convention_model(clauses):
    model = ConventionModel.objects.create(title="Modèle test", slug="modele-test")
    for position, (section, default, alternatives) in enumerate(
        [
            (Section.PARTIES, "parties", []),
            (Section.OBJET, "objet", []),
            (
                Section.DUREE_CONSERVATION,
                "conservation",
                ["conservation-proposee", "conservation-retiree", "conservation-en-attente"],
            ),
            (Section.SECURITE, "securite", []),
        ]
    ):
        model_section = ModelSection.objects.create(
            convention_model=model,
            section=section,
            position=position,
            default_clause=clauses[default],
        )
        for key in alternatives:
            add_alternative(model_section, clauses[key])
    return model


COMPLETE_ANSWERS = {
    "parties": [
        {
            "name": "CAF de Fictiville",
            "representative": "Anne Directrice",
            "role": "directrice",
            "contact": "contact@caf.example.org",
        },
        {
            "name": "CCAS de Fictiville",
            "representative": "Paul Président",
            "role": "président",
            "contact": "",
        },
    ],
    "purpose": "repérer les allocataires éligibles à la complémentaire santé solidaire",
    "data_categories": ["Identité", "Adresse postale"],
    "persons": ["Allocataires du RSA"],
    "retention": "trois mois",
    "security": ["Chiffrement des fichiers échangés", "Journalisation des accès"],
    "variables": {"territoire": "Fictiville-sur-Test", "duree_convention": "deux ans"},
}


@pytest.fixture
def complete_draft(member, convention_model, clauses):
    draft = create_draft(member, convention_model, "Convention test CAF–CCAS")
    draft = save_answers(draft, member, dict(COMPLETE_ANSWERS))
    return choose_clauses(
        draft,
        member,
        {
            Section.PARTIES: clauses["parties"].pk,
            Section.OBJET: clauses["objet"].pk,
            Section.DUREE_CONSERVATION: clauses["conservation"].pk,
            Section.SECURITE: clauses["securite"].pk,
        },
    )
