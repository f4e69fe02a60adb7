"""The kit page lists the library's documents of kind « Kit d’évaluation » the visitor may see
(library.permissions.visible_documents)."""

import pytest
from django.urls import reverse

from library.kit.tests.factories import KitDocumentFactory
from tests.factories import MembershipFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents():
    territory = TerritoryFactory(name="Fictiville")
    return {
        "guide": KitDocumentFactory(title="Guide de l’évaluation TZNR"),
        "members": KitDocumentFactory(title="Tableau de bord national", access="members"),
        "territory": KitDocumentFactory(title="Outil de suivi de Fictiville", territory=territory),
        "draft": KitDocumentFactory(title="Guide en préparation", live=False),
        "other_kind": KitDocumentFactory(
            title="Modèle de convention CAF", kind_slug="modele-convention"
        ),
    }


def test_anonymous_visitors_see_the_public_kit_documents_only(client, documents):
    response = client.get(reverse("kit:index"))
    content = response.content.decode()
    assert "Guide de l’évaluation TZNR" in content
    assert f'href="{documents["guide"].url}"' in content
    assert "Résumé de « Guide de l’évaluation TZNR »." in content
    assert "Outil de suivi de Fictiville" in content and "Contribution d’un territoire" in content
    assert "Tableau de bord national" not in content
    assert "Guide en préparation" not in content
    assert "Modèle de convention CAF" not in content
    assert "Aucun document du kit" not in content
    # Official documents first.
    titles = [document.title for document in response.context["documents"]]
    assert titles == ["Guide de l’évaluation TZNR", "Outil de suivi de Fictiville"]


def test_members_also_see_the_documents_reserved_to_members(client, documents):
    client.force_login(MembershipFactory().user)
    content = client.get(reverse("kit:index")).content.decode()
    assert "Tableau de bord national" in content and "Guide de l’évaluation TZNR" in content
    assert "Guide en préparation" not in content
