"""The search world is built once per module (search/tests/conftest.py): what a test writes —
rows, index entries, changes to the world's objects — is gone for the next test."""

import pytest

from search import backends, indexing
from search.backends.base import SearchQuery
from search.models import SearchDocument
from search.tests import contract
from search.tests.factories import SearchSheetFactory

pytestmark = pytest.mark.django_db

NEW_TITLE = "Fiche écrite par un test qpwoeiruty"


def _titles(text):
    results = backends.get_database_backend().search(SearchQuery(text=text))
    return [hit.title for hit in results.hits]


def test_a_test_writes_in_the_world(world):
    SearchSheetFactory(territory=world.territory, title=NEW_TITLE)
    world.sheets["numerique"].title = "Titre changé en mémoire"
    world.sheets["droits"].delete()
    indexing.rebuild()
    assert _titles("qpwoeiruty") == [NEW_TITLE]
    assert contract.DROITS not in _titles("droits")


def test_the_next_test_gets_the_world_as_built(world):
    assert world.sheets["numerique"].title == contract.NUMERIQUE
    assert _titles("qpwoeiruty") == []
    assert not SearchDocument.objects.filter(title=NEW_TITLE).exists()
    assert contract.DROITS in _titles("droits")
    assert world.sheets["droits"].__class__.objects.filter(pk=world.sheets["droits"].pk).exists()
