"""The bounded search for large matching sets (``search.backends.bounded``, each database
backend's ``bounded_search``): with its thresholds lowered, the tiny test world goes through
it, and everything users rely on still holds — the behaviour contract, permissions in totals
and counts, exact totals, classic facet counts, pages that neither repeat nor miss what can be
reached. Runs on the database of the current connection (SQLite or PostgreSQL)."""

import math
from datetime import UTC, datetime

import pytest

from search import backends, visibility
from search.backends.base import SearchQuery
from search.tests import contract

pytestmark = pytest.mark.django_db


@pytest.fixture
def sqlite_backend():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite backend only (FTS5 keys column)")
    return backends.get_database_backend()


@pytest.fixture
def database_backend():
    return backends.get_database_backend()


@pytest.fixture
def bounded(database_backend, monkeypatch):
    """Every search with words takes the bounded path; candidate windows of 3, samples of 2
    matches at most before sampling shards. Calls that fell back to the exact search are
    recorded, so that tests can check the bounded path really answered."""
    from search.backends import bounded as limits

    monkeypatch.setattr(limits, "EXACT_LIMIT", 0)
    monkeypatch.setattr(limits, "WINDOW", 3)
    monkeypatch.setattr(limits, "SAMPLE", 2)
    answered = []
    backend_class = type(database_backend)
    original = backend_class.bounded_search

    def spy(self, query):
        results = original(self, query)
        answered.append(results is not None)
        return results

    monkeypatch.setattr(backend_class, "bounded_search", spy)
    database_backend.answered = answered
    return database_backend


def _documents(count, **fields):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from search.models import SearchDocument, facet_keys_for

    content_type = ContentType.objects.get_for_model(SearchDocument)
    rows = []
    for number in range(count):
        values = {
            "type": "page",
            "url": f"/doc/{number}/",
            "title": f"Tournée {number}",
            "text": "maraude dans le quartier",
            "facets": {"type": ["page"]},
            "date": datetime(2024, 1, 1 + number % 28, tzinfo=UTC),
        }
        values.update(
            {key: value(number) if callable(value) else value for key, value in fields.items()}
        )
        document = SearchDocument(content_type=content_type, object_id=9000 + number, **values)
        document.facet_keys = facet_keys_for(document.facets)
        document.save()
        rows.append(document)
    backends.get_database_backend().index(rows)
    if connection.vendor == "postgresql":
        # The planner's estimates choose the paths (autovacuum keeps them in production).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")
    return rows


def test_contract_holds_on_the_bounded_path(world, bounded):
    failures = []
    for case in contract.CASES:
        try:
            contract.run_case(bounded, case, world)
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n".join(failures)
    assert any(bounded.answered), "the bounded path never answered"


def test_totals_and_counts_respect_permissions_on_the_bounded_path(world, bounded):
    def search(user, **kwargs):
        return bounded.search(
            SearchQuery(
                text="hébergement", visibility=visibility.keys_for(user), per_page=50, **kwargs
            )
        )

    anonymous = search(None)
    member = search(world.people["registered"])
    assert bounded.answered[-2:] == [True, True]
    titles = [hit.title for hit in member.hits]
    assert contract.THREAD_MEMBERS in titles
    assert contract.THREAD_MEMBERS not in [hit.title for hit in anonymous.hits]
    assert contract.DRAFT not in titles and contract.UNPUBLISHED not in titles
    # Exactly the members' thread more, in the total and in the type counts.
    assert member.total == anonymous.total + 1
    assert member.facet_counts["type"].get("discussion", 0) == (
        anonymous.facet_counts["type"].get("discussion", 0) + 1
    )


def test_query_words_never_reach_the_keys_column(world, sqlite_backend, bounded):
    """The tokens that carry visibility and facets are not words anyone can search for."""
    from search.backends.sqlite import key_token

    for key in ("vis:members", "vis:public", "facet:type:fiche", "shard:1"):
        results = bounded.search(
            SearchQuery(text=key_token(key), visibility=frozenset({"public", "members", "staff"}))
        )
        assert results.total == 0, key


def test_large_sets_are_counted_exactly_and_paged_within_the_candidates(bounded):
    """30 matches, windows of 3: the total is exact; only the candidates can be paged through,
    each once, title matches first; the rest is announced, not shown. (PostgreSQL keeps the
    windows for phrases, tested below: without, it pages in the exact order.)"""
    from django.db import connection

    _documents(30, title=lambda n: "Maraude de nuit" if n % 10 == 0 else f"Tournée {n}")
    query = SearchQuery(text="maraude", per_page=2)
    first = bounded.search(query)
    assert bounded.answered[-1] is True
    assert first.total == 30
    windows = connection.vendor == "sqlite"
    if windows:
        assert first.reachable is not None and first.reachable < 30
        assert first.num_pages == math.ceil(first.reachable / 2)
    else:
        assert first.reachable is None and first.num_pages == 15
    assert [hit.title for hit in first.hits] == ["Maraude de nuit"] * 2
    seen = []
    for number in range(1, first.num_pages + 1):
        page = bounded.search(SearchQuery(text="maraude", per_page=2, page=number))
        seen += [hit.id for hit in page.hits]
    assert len(seen) == len(set(seen)) == (first.reachable or 30)
    # The three title matches come before any other.
    titles = [
        bounded.search(SearchQuery(text="maraude", per_page=1, page=number)).hits[0].title
        for number in range(1, 5)
    ]
    assert all(bounded.answered)
    assert titles == ["Maraude de nuit"] * 3 + [titles[3]] and titles[3] != "Maraude de nuit"


def test_facet_counts_are_estimated_on_a_stable_sample(bounded, monkeypatch):
    from search.backends import bounded as limits

    monkeypatch.setattr(limits, "SAMPLE", 60)
    _documents(
        256,
        type=lambda n: "fiche" if n % 4 == 0 else "page",
        facets=lambda n: {"type": ["fiche" if n % 4 == 0 else "page"]},
    )
    query = SearchQuery(text="maraude")
    results = bounded.search(query)
    assert results.total == 256
    assert results.facets_estimated is True
    # A sample of whole shards (id % 64): about SAMPLE documents, counts scaled back.
    assert 30 <= results.facets_sample <= 120
    counts = results.facet_counts["type"]
    assert set(counts) == {"fiche", "page"}
    assert abs(counts["fiche"] - 64) <= 32 and abs(counts["page"] - 192) <= 64
    # The same sample every time (no randomness: shareable URLs give the same page).
    from django.core.cache import cache

    cache.clear()
    assert bounded.search(SearchQuery(text="maraude")).facet_counts == results.facet_counts
    # Below the sample size, the counts are exact.
    monkeypatch.setattr(limits, "SAMPLE", 1000)
    cache.clear()
    exact = bounded.search(SearchQuery(text="maraude"))
    assert exact.facets_estimated is False
    assert exact.facet_counts["type"] == {"fiche": 64, "page": 192}


def test_selected_facets_keep_classic_counts_on_the_bounded_path(world, bounded, monkeypatch):
    from search.backends import bounded as limits

    monkeypatch.setattr(limits, "SAMPLE", 1000)
    keys = frozenset({"public", "members"})
    everything = bounded.search(SearchQuery(text="accompagnement", visibility=keys))
    threads = bounded.search(
        SearchQuery(text="accompagnement", visibility=keys, filters={"type": ["discussion"]})
    )
    assert bounded.answered[-2:] == [True, True]
    assert threads.facet_counts["type"] == everything.facet_counts["type"]
    assert threads.total == everything.facet_counts["type"]["discussion"]
    # Two parameters: each keeps the counts of its other values.
    both = bounded.search(
        SearchQuery(
            text="accompagnement",
            visibility=keys,
            filters={"type": ["fiche"], "territoire": ["fictiville"]},
        )
    )
    sheets = bounded.search(
        SearchQuery(text="accompagnement", visibility=keys, filters={"territoire": ["fictiville"]})
    )
    assert both.facet_counts["type"] == sheets.facet_counts["type"]


def test_visibility_change_reaches_the_bounded_counts(database_backend, bounded):
    rows = _documents(5)
    anonymous = frozenset({"public"})
    assert bounded.search(SearchQuery(text="maraude", visibility=anonymous)).total == 5
    rows[0].visibility = "members"
    rows[0].save()
    database_backend.index([rows[0]])
    assert bounded.search(SearchQuery(text="maraude", visibility=anonymous)).total == 4
    members = frozenset({"public", "members"})
    assert bounded.search(SearchQuery(text="maraude", visibility=members)).total == 5
    deleted = rows[1].pk
    rows[1].delete()
    database_backend.delete([deleted])
    assert bounded.search(SearchQuery(text="maraude", visibility=members)).total == 4


def test_the_migration_computes_the_same_keys(sqlite_backend):
    """Migration 0005 carries a frozen copy of ``index_keys``: both must agree."""
    import importlib

    from search.backends.sqlite import index_keys

    migration = importlib.import_module("search.migrations.0005_fts_keys")
    for pk, visibility_key, facet_keys in [
        (1, "public", " type:fiche public:jeunes "),
        (130, "territory:4", ""),
        (64, "library:members", " annee:2025 "),
    ]:
        assert migration._index_keys(pk, visibility_key, facet_keys) == index_keys(
            pk, visibility_key, facet_keys
        )


def test_the_page_says_what_is_estimated_and_what_can_be_reached(client, bounded, monkeypatch):
    from search.backends import bounded as limits

    monkeypatch.setattr(limits, "SAMPLE", 60)
    _documents(256, facets=lambda n: {"type": ["page"], "annee": [str(2020 + n % 5)]})
    from django.db import connection

    content = client.get("/recherche/", {"q": "maraude"}).content.decode()
    assert "256 résultats" in content
    # Paging is limited to the candidates where they choose the page: on PostgreSQL, for
    # phrases only (without, it pages in the exact order).
    limited = connection.vendor == "sqlite"
    assert ("premiers peuvent être consultés" in content) is limited
    assert "Nombres estimés sur un échantillon de" in content
    assert '<span class="fr-sr-only">environ </span>' in content


def test_phrases_in_large_sets(database_backend, bounded, monkeypatch):
    """A quoted phrase among many documents holding its words: the page only ever shows
    documents holding the phrase. PostgreSQL reads positions for the candidates only, so its
    totals are estimated when there are more matches than candidates, and exact otherwise;
    SQLite counts phrases exactly (FTS5)."""
    from django.db import connection

    from search.backends import bounded as limits

    _documents(
        24,
        text=lambda n: "aller vers les habitants" if n % 2 else "vers qui aller ensuite",
    )
    query = SearchQuery(text='"aller vers"', per_page=50, with_facets=True)
    results = database_backend.search(query)
    assert bounded.answered[-1] is True
    assert results.hits and all(
        "aller vers" in hit.snippet.replace("<mark>", "").replace("</mark>", "")
        for hit in results.hits
    )
    if connection.vendor == "postgresql":
        assert results.total_estimated is True
        assert 0 < results.total <= 24
    else:
        assert results.total == 12 and results.total_estimated is False
    # Windows larger than the set: every match is checked, the total is exact everywhere.
    monkeypatch.setattr(limits, "WINDOW", 100)
    exact = database_backend.search(SearchQuery(text='"aller vers"', per_page=50))
    assert exact.total == 12 and exact.total_estimated is False
    assert len(exact.hits) == 12


def test_paging_a_phrase_through_a_large_set(database_backend, bounded, monkeypatch):
    """Paging one result at a time with a shallow reranking depth: on PostgreSQL positions are
    checked a few candidates at a time, further as pages go; every page shows a document that
    holds the phrase, never twice."""
    from search.backends import bounded as limits
    from search.backends import database

    monkeypatch.setattr(database, "RERANK_DEPTH", 2)
    monkeypatch.setattr(limits, "WINDOW", 10)
    _documents(
        30,
        text=lambda n: "vers qui aller ensuite" if n % 3 else "aller vers les habitants",
    )
    first = database_backend.search(SearchQuery(text='"aller vers"', per_page=1))
    assert first.reachable is None or first.reachable >= 3
    seen = []
    for number in range(1, 4):
        page = database_backend.search(SearchQuery(text='"aller vers"', per_page=1, page=number))
        assert len(page.hits) == 1, number
        assert "aller</mark> <mark>vers" in page.hits[0].snippet, page.hits[0].snippet
        seen.append(page.hits[0].id)
    assert len(set(seen)) == len(seen)
    assert all(bounded.answered)
