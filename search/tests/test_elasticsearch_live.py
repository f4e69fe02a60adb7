"""The behaviour contract (``search.tests.contract``) on a real Elasticsearch server, in an index
of its own (alias ``czn-search-test``, deleted afterwards). Skipped unless ELASTICSEARCH_URL is
set (``ELASTICSEARCH_URL=http://127.0.0.1:9200``).
"""

import os

import pytest

from search import backends, indexing
from search.tests import contract

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not ES_URL, reason="ELASTICSEARCH_URL not set"),
]

TEST_ALIAS = "czn-search-test"


@pytest.fixture
def engine(settings):
    from search.backends.elasticsearch import ElasticsearchBackend

    settings.ELASTICSEARCH_URL = ES_URL
    settings.SEARCH_ELASTICSEARCH_INDEX = TEST_ALIAS
    settings.SEARCH_ELASTICSEARCH_REFRESH = "wait_for"
    ElasticsearchBackend.mark_up()
    backends.reset_cache()
    backend = backends.get_external_backend()
    assert backend is not None
    yield backend
    client = backend.client
    if client.indices.exists_alias(name=TEST_ALIAS):
        for name in client.indices.get_alias(name=TEST_ALIAS):
            client.indices.delete(index=name, ignore_unavailable=True)
    backends.reset_cache()


@pytest.fixture
def world(engine, world):
    """The module's world (search/tests/conftest.py), indexed again with the engine on: the
    Elasticsearch index is the test's own (deleted after it)."""
    indexing.rebuild()
    return world


def _failures(run, items):
    failures = []
    for item in items:
        try:
            run(item)
        except AssertionError as error:
            failures.append(str(error))
    return failures


def test_contract_queries(engine, world):
    failures = _failures(lambda case: contract.run_case(engine, case, world), contract.CASES)
    assert not failures, "\n".join(failures)


def test_contract_suggestions(engine, world):
    failures = _failures(
        lambda item: contract.run_suggestion(engine, *item, world), contract.SUGGESTIONS
    )
    assert not failures, "\n".join(failures)


def test_facet_counts_match_the_database(engine, world):
    from search import visibility
    from search.backends.base import SearchQuery

    database = backends.get_database_backend()
    for user in (None, world.people["member"], world.people["moderator"]):
        for filters in ({}, {"type": ["fiche"]}, {"type": ["fiche"], "territoire": ["fictiville"]}):
            query = SearchQuery(filters=filters, visibility=visibility.keys_for(user))
            ours, theirs = engine.search(query), database.search(query)
            assert ours.total == theirs.total, (user, filters)
            assert ours.facet_counts == theirs.facet_counts, (user, filters)


def test_rebuild_swaps_without_downtime(engine, world):
    from search.backends.base import SearchQuery

    before = set(engine.client.indices.get_alias(name=TEST_ALIAS))
    assert engine.search(SearchQuery(text="numerique")).total == 2
    engine.rebuild()
    after = set(engine.client.indices.get_alias(name=TEST_ALIAS))
    assert len(after) == 1 and not (after & before)
    assert not engine.client.indices.exists(index=list(before)[0])
    assert engine.search(SearchQuery(text="numerique")).total == 2


def test_indexing_follows_unpublish(engine, world):
    from search.backends.base import SearchQuery

    sheet = world.sheets["numerique"]
    sheet.unpublish()
    indexing.process_pending()
    engine.client.indices.refresh(index=TEST_ALIAS)
    titles = [hit.title for hit in engine.search(SearchQuery(text="seniors")).hits]
    assert contract.NUMERIQUE not in titles
