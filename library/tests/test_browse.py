"""The list: filters with counts, pagination, empty state, the home section."""

import pytest

from library.tests.factories import LibraryDocumentFactory
from taxonomy.models import Audience
from tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def test_filters_and_counts(client):
    territory = TerritoryFactory(slug="terre-test", name="Terre Test")
    kit = LibraryDocumentFactory(title="Kit A", kind_slug="kit-evaluation", with_file=False)
    kit.audiences.set([Audience.objects.get(slug="jeunes")])
    kit.save_revision().publish()
    LibraryDocumentFactory(title="Outil B", kind_slug="outil", territory=territory, with_file=False)
    LibraryDocumentFactory(title="Étude C", kind_slug="etude", with_file=False)
    LibraryDocumentFactory(
        title="Réservé D", kind_slug="outil", access="referents", with_file=False
    )

    content = client.get("/bibliotheque/").content.decode()
    assert "3 documents" in content and "Réservé D" not in content
    # The restricted document is not counted for an anonymous visitor.
    assert "Outil, modèle de document (1)" in content.replace("&#x27;", "'")

    content = client.get("/bibliotheque/?type=kit-evaluation").content.decode()
    assert "1 document" in content and "Kit A" in content and "Outil B" not in content

    content = client.get("/bibliotheque/?origine=territoire").content.decode()
    assert "Outil B" in content and "Kit A" not in content
    assert "Document officiel (DGCS) (2)" in content  # counts over the other facets

    content = client.get("/bibliotheque/?public=jeunes&type=outil").content.decode()
    assert "Aucun document ne correspond à ces filtres." in content

    content = client.get("/bibliotheque/?territoire=terre-test").content.decode()
    assert "Outil B" in content and "Étude C" not in content

    content = client.get("/bibliotheque/?type=inconnu").content.decode()
    assert "Le filtre « inconnu » n’existe pas" in content


def test_pagination(client, django_assert_max_num_queries):
    for number in range(23):
        LibraryDocumentFactory(title=f"Document {number:02d}", with_file=number % 5 == 0)
    with django_assert_max_num_queries(40):
        page1 = client.get("/bibliotheque/").content.decode()
    assert "23 documents" in page1 and "fr-pagination" in page1
    page2 = client.get("/bibliotheque/?page=2").content.decode()
    assert page2.count("czn-document-card") == 3


def test_empty_state(client):
    content = client.get("/bibliotheque/").content.decode()
    assert "La bibliothèque ne contient encore aucun document." in content
    assert content.count("<h1") == 1


def test_home_section_lists_only_public_documents(client):
    LibraryDocumentFactory(title="Public nouveau", with_file=False)
    LibraryDocumentFactory(title="Pour référents", access="referents", with_file=False)
    content = client.get("/").content.decode()
    assert "Nouveautés de la bibliothèque" in content
    assert "Public nouveau" in content and "Pour référents" not in content
