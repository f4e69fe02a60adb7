"""The behaviour contract (``search.tests.contract``) on the database backend of the current
connection: SQLite FTS5 by default, PostgreSQL when DATABASE_URL points to it."""

import pytest

from search import backends, indexing
from search.tests import contract
from search.tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
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


def test_contract_queries(world):
    backend = backends.get_database_backend()
    failures = _failures(lambda case: contract.run_case(backend, case, world), contract.CASES)
    assert not failures, "\n".join(failures)


def test_contract_suggestions(world):
    backend = backends.get_database_backend()
    failures = _failures(
        lambda item: contract.run_suggestion(backend, *item, world), contract.SUGGESTIONS
    )
    assert not failures, "\n".join(failures)


def test_counts_and_facets_respect_permissions(world):
    """Totals and facet counts never count what the person may not read."""
    from search import visibility
    from search.backends.base import SearchQuery

    backend = backends.get_database_backend()

    def counts(user):
        results = backend.search(SearchQuery(visibility=visibility.keys_for(user)))
        return results.total, results.facet_counts.get("type", {})

    anonymous_total, anonymous_types = counts(None)
    member_total, member_types = counts(world.people["member"])
    moderator_total, moderator_types = counts(world.people["moderator"])
    # Public threads: 1; the member also reads the members' and the team's threads; the
    # moderator every thread.
    assert anonymous_types["discussion"] == 1
    assert member_types["discussion"] == 3
    assert moderator_types["discussion"] == 4
    assert anonymous_total + 2 == member_total
    assert member_total + 1 == moderator_total
    # Drafts and unpublished sheets are in no count: 4 live sheets.
    assert moderator_types["fiche"] == 4
    assert sum(anonymous_types.values()) == anonymous_total


def test_snippets_are_escaped_and_highlighted(world):
    from search.backends.base import SearchQuery

    backend = backends.get_database_backend()
    results = backend.search(SearchQuery(text="frauduleuses"))
    assert [hit.title for hit in results.hits] == [contract.SCRIPT]
    snippet = str(results.hits[0].snippet)
    assert "<mark>frauduleuses</mark>" in snippet
    # Escaped (SQLite, Python snippets) or dropped as a tag (PostgreSQL's ts_headline): never
    # an element.
    assert "&lt;/script&gt;" in snippet or "alert(" in snippet
    assert "<script" not in snippet and "</script" not in snippet
    results = backend.search(SearchQuery(text="numerique"))
    assert "<mark>numérique</mark>" in str(results.hits[0].title_html)


def test_all_words_count(world):
    from search.backends.base import SearchQuery

    backend = backends.get_database_backend()
    results = backend.search(SearchQuery(text="accompagnement seniors"))
    assert results.all_clauses_total == 1
    assert results.total > 1
