"""PostgreSQL's top-tier search (``PostgresBackend.top_tier_search``): when the documents holding
every clause (one clause: holding it in the title) fill the page and the reranked depth, the
page is read from them alone and the other matches are only counted. It must give exactly
what the exact search gives — page, order, totals — and step aside otherwise."""

import pytest

from search import backends, visibility
from search.backends import database
from search.backends.base import SearchQuery
from search.backends.database import DatabaseBackend
from search.tests import contract

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend(monkeypatch):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL backend only")
    from search.backends import bounded

    monkeypatch.setattr(bounded, "EXACT_LIMIT", 0)  # the tiny test world counts as large
    backend = backends.get_database_backend()
    backend_class = type(backend)
    original = backend_class.top_tier_search
    answered = []

    def spy(self, query):
        results = original(self, query)
        answered.append(results is not None)
        return results

    monkeypatch.setattr(backend_class, "top_tier_search", spy)
    backend.answered = answered
    return backend


def _documents(count, title, text, **fields):
    from datetime import UTC, datetime

    from django.contrib.contenttypes.models import ContentType

    from search.models import SearchDocument, facet_keys_for

    content_type = ContentType.objects.get_for_model(SearchDocument)
    rows = []
    for number in range(count):
        document = SearchDocument(
            content_type=content_type,
            object_id=7000 + number,
            type="page",
            url=f"/doc/{number}/",
            title=title(number),
            text=text(number),
            facets=fields.get("facets", lambda n: {"type": ["page"]})(number),
            date=datetime(2024, 1 + number % 12, 1 + number % 28, tzinfo=UTC),
            visibility=fields.get("visibility", lambda n: "public")(number),
        )
        document.facet_keys = facet_keys_for(document.facets)
        document.save()
        rows.append(document)
    backends.get_database_backend().index(rows)
    _analyze()
    return rows


def _analyze():
    """The planner's estimates choose the paths (as autovacuum keeps them in production)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")


def _same(backend, query):
    tier = backend.search(query)
    exact = DatabaseBackend.search(backend, query)
    assert [hit.id for hit in tier.hits] == [hit.id for hit in exact.hits], query
    assert [hit.snippet for hit in tier.hits] == [hit.snippet for hit in exact.hits]
    assert (tier.total, tier.all_clauses_total) == (exact.total, exact.all_clauses_total)
    return tier


def test_contract_queries_page_as_the_exact_search(world, backend, monkeypatch):
    """Each query of the behaviour contract, one hit a page, reranked depth 1: wherever the top
    tier answers, the page and totals are the exact search's, and the contract's first hit
    comes first."""
    monkeypatch.setattr(database, "RERANK_DEPTH", 1)
    for case in contract.CASES:
        keys = visibility.keys_for(world.people[case.user])
        for page in (1, 2, 3):
            query = SearchQuery(
                text=case.query,
                filters=case.filters,
                per_page=1,
                page=page,
                visibility=keys,
                with_facets=False,
            )
            results = _same(backend, query)
            if page == 1 and case.first:
                assert [hit.title for hit in results.hits] == case.first[:1], case.name
    assert sum(backend.answered) >= 5, "the top tier hardly answered"


def test_two_words_page_from_the_documents_holding_both(backend, monkeypatch):
    """40 documents hold « maraude », 12 of them « nuit » too (4 in the title): with a depth
    of 4, pages 1 to 6 of 2 come from those 12, in the exact order, and the totals count all."""
    monkeypatch.setattr(database, "RERANK_DEPTH", 4)
    _documents(
        40,
        title=lambda n: "Maraude de nuit" if n % 10 == 0 else f"Tournée {n}",
        text=lambda n: "maraude " + ("de nuit " * (n % 3 + 1) if n % 10 < 3 else "du matin"),
    )
    seen = []
    for page in range(1, 7):
        results = _same(
            backend, SearchQuery(text="maraude nuit", per_page=2, page=page, with_facets=False)
        )
        assert backend.answered[-1] is True, page
        seen += [hit.id for hit in results.hits]
    assert results.total == 40 and results.all_clauses_total == 12
    assert len(set(seen)) == 12
    # Beyond the 12, the other matches (all holding one word of two) complete the tier, in
    # the same order as the exact search, to the last page.
    for page in (7, 8, 20):
        last = _same(
            backend, SearchQuery(text="maraude nuit", per_page=2, page=page, with_facets=False)
        )
        assert backend.answered[-1] is True
        assert not {hit.id for hit in last.hits} & set(seen)


def test_a_small_tier_of_many_clauses_leaves_it_to_the_exact_search(backend, monkeypatch):
    """Four words, two needed: outside the tier, matches hold two or three of them, which only
    the exact search orders."""
    monkeypatch.setattr(database, "RERANK_DEPTH", 2)
    words = ["maraude", "nuit", "quartier", "hiver"]
    _documents(
        12,
        title=lambda n: f"Tournée {n}",
        text=lambda n: " ".join(words[: 2 + n % 2]) if n else " ".join(words),
    )
    for page in (1, 2, 5):
        _same(backend, SearchQuery(text=" ".join(words), per_page=2, page=page, with_facets=False))
        assert backend.answered[-1] is False


def test_one_word_pages_from_the_title_matches(backend, monkeypatch):
    # A word the module's search world (made by an earlier test of this module) never holds.
    monkeypatch.setattr(database, "RERANK_DEPTH", 3)
    _documents(
        30,
        title=lambda n: "Ludothèque numérique" if n % 5 == 0 else f"Atelier {n}",
        text=lambda n: "ludothèque " * (n % 4 + 1),
        facets=lambda n: {"type": ["page"], "public": ["jeunes" if n % 2 else "seniors"]},
    )
    first = _same(backend, SearchQuery(text="ludothèque", per_page=3, with_facets=False))
    assert backend.answered[-1] is True
    assert first.total == 30 and first.all_clauses_total is None
    assert {hit.title for hit in first.hits} == {"Ludothèque numérique"}
    # A selected facet value restricts the tier and the total alike.
    seniors = _same(
        backend,
        SearchQuery(
            text="ludothèque", per_page=3, with_facets=False, filters={"public": ["seniors"]}
        ),
    )
    assert backend.answered[-1] is True
    assert seniors.total == 15
    # Six title matches only: from page 3, the most recent other matches follow.
    for page in (3, 4, 10):
        _same(backend, SearchQuery(text="ludothèque", per_page=3, page=page, with_facets=False))
        assert backend.answered[-1] is True


def test_excluded_words_are_looked_for_in_the_whole_text(backend, monkeypatch):
    """One word: the tier is read from the titles' index, but « -caf » excludes the documents
    holding « caf » anywhere."""
    monkeypatch.setattr(database, "RERANK_DEPTH", 2)
    rows = _documents(
        10,
        title=lambda n: "Maraude de nuit" if n < 6 else f"Tournée {n}",
        text=lambda n: "maraude avec la caf" if n % 2 else "maraude",
    )
    with_caf = {row.id for row in rows if "caf" in row.text}
    seen = set()
    for page in (1, 2, 3):
        results = _same(
            backend, SearchQuery(text="maraude -caf", per_page=2, page=page, with_facets=False)
        )
        assert backend.answered[-1] is True
        seen |= {hit.id for hit in results.hits}
    assert results.total == 5
    assert seen and not seen & with_caf


def test_facet_values_never_break_the_query_nor_match_words(backend, monkeypatch):
    monkeypatch.setattr(database, "RERANK_DEPTH", 1)
    rows = _documents(
        6,
        title=lambda n: "Maraude de nuit",
        text=lambda n: "maraude",
        facets=lambda n: {"type": ["page"], "public": ["jeunes"]},
    )
    for value in ("jeunes'", "jeu\\nes", "a' | 'type:page", "jeunes"):
        results = _same(
            backend,
            SearchQuery(text="maraude", per_page=1, with_facets=False, filters={"public": [value]}),
        )
        assert results.total == (6 if value == "jeunes" else 0), value
    # The keys are no words: « type page » finds none of these documents, which do not say it.
    ids = {row.id for row in rows}
    for text in ("type page", "public jeunes shard"):
        results = _same(backend, SearchQuery(text=text, per_page=50, with_facets=False))
        assert not {hit.id for hit in results.hits} & ids, text


def test_totals_respect_permissions(backend, monkeypatch):
    """8 documents about « maraude », 2 of them for members only (one with the word in its
    title): the anonymous visitor's page and total never include them."""
    monkeypatch.setattr(database, "RERANK_DEPTH", 1)
    rows = _documents(
        8,
        title=lambda n: "Maraude de nuit" if n % 2 == 0 else f"Tournée {n}",
        text=lambda n: "maraude dans le quartier",
        visibility=lambda n: "members" if n in (0, 1) else "public",
    )
    members_only = {rows[0].id, rows[1].id}

    def search(keys, page=1):
        return _same(
            backend,
            SearchQuery(
                text="maraude", per_page=1, page=page, with_facets=False, visibility=frozenset(keys)
            ),
        )

    anonymous = [search({"public"}, page) for page in (1, 2, 3)]
    member = [search({"public", "members"}, page) for page in (1, 2, 3, 4)]
    assert backend.answered == [True] * 7
    assert anonymous[0].total == 6 and member[0].total == 8
    assert not {hit.id for results in anonymous for hit in results.hits} & members_only
    # The four title matches, the members' one included, come first for members.
    assert rows[0].id in {hit.id for results in member for hit in results.hits}


def test_facet_counts_over_large_sets_come_with_the_exact_page(world, backend, monkeypatch):
    """Facet counts asked over a large set: counted from the rows of the sample shards (all of
    them below ``bounded.SAMPLE``), next to the exact search's page and totals."""
    from django.core.cache import cache

    monkeypatch.setattr(database, "RERANK_DEPTH", 1)
    keys = frozenset({"public", "members"})
    sampled = []
    for text in ("hébergement", "accès droits", "accompagnement -numérique"):
        for filters in ({}, {"type": ["fiche"]}, {"type": ["fiche"], "territoire": ["fictiville"]}):
            query = SearchQuery(text=text, visibility=keys, filters=filters, per_page=1)
            cache.clear()
            results = backend.search(query)
            cache.clear()
            exact = DatabaseBackend.search(backend, query)
            assert results.facets_estimated is False
            sampled.append(results.facets_sample)
            assert results.facet_counts == exact.facet_counts, (text, filters)
            assert [hit.id for hit in results.hits] == [hit.id for hit in exact.hits]
            assert (results.total, results.all_clauses_total) == (
                exact.total,
                exact.all_clauses_total,
            )
    assert max(sampled) > 0
