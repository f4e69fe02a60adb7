import pytest

from accounts import roles
from forum.models import Category
from forum.tests.factories import CategoryFactory
from library.conventions import drafts
from library.conventions.models import Clause, Section
from library.conventions.tests.factories import ClauseFactory, ConventionModelFactory
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory


@pytest.fixture
def category():
    """The forum category of the clauses' discussions."""
    return CategoryFactory(
        name="Partage de données",
        slug="partage-de-donnees",
        visibility=Category.Visibility.PUBLIC,
    )


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
        "parties": ClauseFactory(
            slug="parties-std",
            section=Section.PARTIES,
            text="Entre {{ partenaire_1 }}, représenté par {{ representant_1 }}, et "
            "{{ partenaire_2 }}, représenté par {{ representant_2 }}.",
        ),
        "objet": ClauseFactory(
            slug="objet-std",
            section=Section.OBJET,
            text="La convention a pour objet : {{ objet }}.\n\nElle porte sur {{ territoire }}.",
        ),
        "conservation": ClauseFactory(
            slug="conservation-std",
            section=Section.DUREE_CONSERVATION,
            text="Les données sont conservées {{ duree_conservation }}.",
            is_demo=True,
        ),
        "conservation-proposee": ClauseFactory(
            slug="conservation-proposee",
            section=Section.DUREE_CONSERVATION,
            text="Conservation {{ duree_conservation }}, puis anonymisation.",
            status=Clause.Status.PROPOSED,
            title="Conservation puis anonymisation",
        ),
        "conservation-retiree": ClauseFactory(
            slug="conservation-retiree",
            section=Section.DUREE_CONSERVATION,
            text="Texte retiré {{ duree_conservation }}.",
            status=Clause.Status.WITHDRAWN,
            title="Conservation ancienne",
        ),
        "conservation-en-attente": ClauseFactory(
            slug="conservation-en-attente",
            section=Section.DUREE_CONSERVATION,
            text="Texte en attente.",
            status=Clause.Status.PENDING,
            title="Conservation en attente",
        ),
        "securite": ClauseFactory(
            slug="securite-std",
            section=Section.SECURITE,
            text="Mesures : {{ mesures_securite }}. Durée : {{ duree_convention }}.",
        ),
    }


@pytest.fixture
def convention_model(clauses):
    return ConventionModelFactory(
        title="Modèle test",
        slug="modele-test",
        sections=[
            (Section.PARTIES, clauses["parties"], []),
            (Section.OBJET, clauses["objet"], []),
            (
                Section.DUREE_CONSERVATION,
                clauses["conservation"],
                [
                    clauses["conservation-proposee"],
                    clauses["conservation-retiree"],
                    clauses["conservation-en-attente"],
                ],
            ),
            (Section.SECURITE, clauses["securite"], []),
        ],
    )


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
    draft = drafts.create_draft(member, convention_model, "Convention test CAF–CCAS")
    draft = drafts.save_answers(draft, member, dict(COMPLETE_ANSWERS))
    return drafts.choose_clauses(
        draft,
        member,
        {
            Section.PARTIES: clauses["parties"].pk,
            Section.OBJET: clauses["objet"].pk,
            Section.DUREE_CONSERVATION: clauses["conservation"].pk,
            Section.SECURITE: clauses["securite"].pk,
        },
    )


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def draft(member, convention_model):
    return drafts.create_draft(member, convention_model, "Mon projet")
