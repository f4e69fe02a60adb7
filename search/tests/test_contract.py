"""The behaviour contract (``search.tests.contract``) on the database backend of the current
connection: SQLite FTS5 by default, PostgreSQL when DATABASE_URL points to it."""

import pytest

from search import backends
from search.tests import contract

pytestmark = pytest.mark.django_db


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


def test_selected_facet_keeps_the_counts_of_its_other_values(world):
    """Classic faceted counts: with « fiche » chosen, the type facet still says how many
    discussions there are, and every other facet counts sheets only."""
    from search.backends.base import SearchQuery

    backend = backends.get_database_backend()
    keys = frozenset({"public", "members"})
    everything = backend.search(SearchQuery(visibility=keys))
    sheets = backend.search(SearchQuery(visibility=keys, filters={"type": ["fiche"]}))
    assert sheets.facet_counts["type"] == everything.facet_counts["type"]
    assert sheets.total == everything.facet_counts["type"]["fiche"]
    assert sum(sheets.facet_counts["annee"].values()) == sheets.total
    assert sheets.facet_counts["annee"] != everything.facet_counts["annee"]


def test_pages_beyond_the_reranked_depth_neither_repeat_nor_miss(world, monkeypatch):
    """PostgreSQL computes the full score for the first ``RERANK_DEPTH`` matches only: paging
    across that depth must still list every match once."""
    from datetime import UTC, datetime

    from django.contrib.contenttypes.models import ContentType

    from search.backends import database
    from search.backends.base import SearchQuery
    from search.models import SearchDocument

    backend = backends.get_database_backend()
    rows = [
        SearchDocument.objects.create(
            content_type=ContentType.objects.get_for_model(SearchDocument),
            object_id=5000 + number,
            type="page",
            url=f"/maraude/{number}/",
            title="Maraude de nuit" if number % 3 == 0 else f"Tournée {number}",
            text="maraude " * (number % 4 + 1) + "dans le quartier",
            facets={"type": ["page"]},
            date=datetime(2025, 1, number + 1, tzinfo=UTC),
        )
        for number in range(9)
    ]
    backend.index(rows)
    monkeypatch.setattr(database, "RERANK_DEPTH", 2)
    first = backend.search(SearchQuery(text="maraude", per_page=50, with_facets=False))
    assert first.total == 9
    # Title matches first.
    assert {hit.title for hit in first.hits[:3]} == {"Maraude de nuit"}
    seen = []
    for number in range(1, first.total + 1):
        page = backend.search(
            SearchQuery(text="maraude", per_page=1, page=number, with_facets=False)
        )
        seen += [hit.id for hit in page.hits]
    assert sorted(seen) == sorted(hit.id for hit in first.hits)
    assert seen[:2] == [hit.id for hit in first.hits[:2]]
