"""The Elasticsearch backend without a server: the parsing of its responses (hits, highlights,
facets, suggestions) and the documents it sends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from search import es_documents, snippets
from search.backends import elasticsearch as es
from search.backends.base import SearchQuery
from search.models import SearchDocument
from search.tests.es_helpers import api_response, fake_backend

pytestmark = pytest.mark.usefixtures("elasticsearch_state")


# --- Responses -----------------------------------------------------------------------------------


SEARCH_RESPONSE = {
    "hits": {
        "total": {"value": 42, "relation": "eq"},
        "hits": [
            {
                "_id": "7",
                "_score": 2012.5,
                "_source": {
                    "type": "fiche",
                    "title": "Accompagnement numérique <b>",
                    "url": "/fiches/a/",
                    "territory_name": "Fictiville",
                    "territory_slug": "fictiville",
                    "date": "2026-10-01T08:00:00+00:00",
                    "content_type_id": 3,
                    "object_id": 11,
                    "excerpt": "Début",
                },
                "highlight": {
                    "title": [f"Accompagnement {snippets.START}numérique{snippets.STOP} <b>"],
                    "text": [
                        f"<script>alert(1)</script> le {snippets.START}numérique{snippets.STOP}",
                        "second",
                    ],
                },
            },
            {
                "_id": "8",
                "_score": 1004.0,
                "_source": {
                    "type": "discussion",
                    "title": "Sans surlignage",
                    "url": "/f/",
                    "excerpt": "Les outils numériques du centre social.",
                },
            },
        ],
    },
    "aggregations": {
        "facet_type": {
            "doc_count": 42,
            "values": {
                "buckets": [
                    {"key": "fiche", "doc_count": 30},
                    {"key": "discussion", "doc_count": 12},
                ]
            },
        },
        "facet_public": {
            "doc_count": 30,
            "values": {"buckets": [{"key": "jeunes", "doc_count": 9}]},
        },
        "facet_frein": {"doc_count": 0, "values": {"buckets": []}},
        "all_clauses": {"doc_count": 17},
    },
}


def test_search_reads_the_response():
    backend, client = fake_backend()
    client.search.return_value = api_response(SEARCH_RESPONSE)
    results = backend.search(SearchQuery(text="numérique jeunes"))
    sent = client.search.call_args.kwargs
    assert sent["index"] == ["czn-search"]
    assert results.total == 42
    assert results.all_clauses_total == 17
    assert results.facet_counts == {
        "type": {"fiche": 30, "discussion": 12},
        "public": {"jeunes": 9},
    }
    first, second = results.hits
    assert (first.id, first.type, first.url, first.object_id) == (7, "fiche", "/fiches/a/", 11)
    assert first.date == datetime(2026, 10, 1, 8, 0, tzinfo=UTC)
    # Highlights: escaped, only our <mark> is HTML.
    assert str(first.title_html) == "Accompagnement <mark>numérique</mark> &lt;b&gt;"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in first.snippet
    assert "<mark>numérique</mark>" in first.snippet
    assert "<script" not in first.snippet
    assert " … second" in first.snippet
    # No highlight returned: the beginning of the text, highlighted in Python.
    assert "<mark>numériques</mark>" in second.snippet
    assert results.backend == "elasticsearch"


def test_suggest_reads_the_response():
    backend, client = fake_backend()
    client.search.return_value = api_response(
        {
            "hits": {
                "total": {"value": 1},
                "hits": [
                    {
                        "_id": "3",
                        "_score": 1.0,
                        "_source": {"type": "fiche", "title": "Repérage", "url": "/fiches/r/"},
                    }
                ],
            }
        }
    )
    hits = backend.suggest("repe", {"public"})
    assert [(hit.id, hit.title, hit.url) for hit in hits] == [(3, "Repérage", "/fiches/r/")]
    assert backend.suggest("", {"public"}) == []


@pytest.mark.django_db
def test_document_body():
    document = SearchDocument(
        pk=5,
        content_type=ContentType.objects.get_for_model(SearchDocument),
        object_id=9,
        type="fiche",
        title=f"Titre {snippets.START}x",
        text="Texte " * 200,
        extra="Jeunes",
        url="/fiches/t/",
        facets={"public": ["jeunes"], "type": ["fiche"], "unknown": ["x"]},
        date=datetime(2025, 3, 1, tzinfo=UTC),
        year=2025,
        visibility="members",
    )
    source = es.document_body(document)
    assert source["doc_id"] == 5
    assert source["title"] == "Titre x"
    assert source["facets"] == {"public": ["jeunes"], "type": ["fiche"]}
    assert source["date"] == "2025-03-01T00:00:00+00:00"
    assert len(source["excerpt"]) == es_documents.EXCERPT_CHARS
    assert source["visibility"] == "members"
    mapped = set(es_documents.index_body()["mappings"]["properties"])
    assert set(source) <= mapped  # the mapping is strict
