"""The Elasticsearch backend without a server: the index body (analyzer, mapping), the query
bodies, the parsing of responses, the alias swap of ``rebuild()`` and the fallback to the
database when the engine is unreachable. ``test_elasticsearch_live.py`` runs the behaviour
contract on a real server when ELASTICSEARCH_URL is set."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from elastic_transport import ApiResponseMeta, HttpHeaders
from elastic_transport import ConnectionError as TransportConnectionError

from search import backends, es_documents, snippets
from search.backends import elasticsearch as es
from search.backends import elasticsearch_bodies as bodies
from search.backends.base import SearchQuery
from search.models import SearchDocument


@pytest.fixture(autouse=True)
def _engine_state():
    es.ElasticsearchBackend.mark_up()
    backends.reset_cache()
    yield
    es.ElasticsearchBackend.mark_up()
    backends.reset_cache()


def body(query: SearchQuery) -> dict:
    return bodies.build_search(query).to_dict()


def find(node, key):
    """Every value under ``key`` anywhere in a nested dict/list."""
    found = []
    if isinstance(node, dict):
        for name, value in node.items():
            if name == key:
                found.append(value)
            found += find(value, key)
    elif isinstance(node, list):
        for value in node:
            found += find(value, key)
    return found


# --- Index definition ----------------------------------------------------------------------------


def test_index_body_french_analyzer():
    definition = es_documents.index_body("czn-search-1")
    analysis = definition["settings"]["analysis"]
    french = analysis["analyzer"]["czn_french"]
    assert french["tokenizer"] == "standard"
    assert french["filter"] == [
        "czn_french_elision",
        "lowercase",
        "czn_french_stop",
        "asciifolding",
        "czn_french_stemmer",
    ]
    filters = analysis["filter"]
    assert filters["czn_french_elision"]["type"] == "elision"
    assert {"l", "d", "qu", "jusqu"} <= set(filters["czn_french_elision"]["articles"])
    assert filters["czn_french_elision"]["articles_case"] is True
    assert filters["czn_french_stop"] == {"type": "stop", "stopwords": "_french_"}
    assert filters["czn_french_stemmer"] == {"type": "stemmer", "language": "light_french"}
    # Suggestions: folded prefixes, no stemming, no stop words.
    assert analysis["analyzer"]["czn_prefix"]["filter"] == [
        "czn_french_elision",
        "lowercase",
        "asciifolding",
    ]


def test_index_body_mapping():
    mappings = es_documents.index_body()["mappings"]
    assert mappings["dynamic"] == "strict"
    properties = mappings["properties"]
    assert properties["type"] == {"type": "keyword"}
    assert properties["visibility"] == {"type": "keyword"}
    assert properties["date"] == {"type": "date"}
    assert properties["year"] == {"type": "integer"}
    for name in ("title", "extra", "text"):
        assert properties[name]["analyzer"] == "czn_french"
    assert properties["title"]["fields"]["suggest"]["type"] == "search_as_you_type"
    assert properties["title"]["fields"]["suggest"]["analyzer"] == "czn_prefix"
    facets = properties["facets"]["properties"]
    assert set(facets) == {
        "type",
        "public",
        "frein",
        "droit",
        "action",
        "partenaire",
        "territoire",
        "region",
        "annee",
    }
    assert all(field == {"type": "keyword"} for field in facets.values())
    settings = es_documents.index_body("x", replicas=0, refresh_interval="-1")["settings"]
    assert settings["refresh_interval"] == "-1"
    assert settings["number_of_shards"] == 1


# --- Query bodies --------------------------------------------------------------------------------


def test_plain_words_query():
    data = body(SearchQuery(text="accompagnement seniors numérique"))
    query = data["query"]["bool"]
    assert len(query["should"]) == 3
    assert query["minimum_should_match"] == 2  # most of the words: 2 of 3
    assert query["filter"] == [{"terms": {"visibility": ["public"]}}]
    matches = find(query, "multi_match")
    assert {match["query"] for match in matches} == {"accompagnement", "seniors", "numerique"}
    assert all(match["fields"] == ["title^10", "extra^4", "text"] for match in matches)
    fuzzy = [match for match in matches if "fuzziness" in match]
    assert fuzzy and all(match["fuzziness"] == "AUTO" for match in fuzzy)
    assert all(match["boost"] < 1 for match in fuzzy)  # typos rank below exact words
    # Each clause held adds the same constant: documents with every word come first.
    assert [c["boost"] for c in find(query, "constant_score")] == [bodies.CLAUSE_WEIGHT] * 3
    assert data["sort"][0] == "_score"
    assert "all_clauses" in data["aggs"]


def test_single_word_needs_that_word():
    query = body(SearchQuery(text="droit"))["query"]["bool"]
    assert query["minimum_should_match"] == 1
    assert "all_clauses" not in body(SearchQuery(text="droit")).get("aggs", {})


def test_phrase_query_is_exact():
    data = body(SearchQuery(text='"croisement de fichiers"'))
    matches = find(data["query"], "multi_match")
    assert matches and all(match["type"] == "phrase" for match in matches)
    assert {match["query"] for match in matches} == {"croisement de fichiers"}
    assert not any("fuzziness" in match for match in matches)


def test_exclusion():
    data = body(SearchQuery(text='jeunes -caf -"aller vers"'))
    must_not = data["query"]["bool"]["must_not"]
    assert [clause["multi_match"]["query"] for clause in must_not] == ["caf", "aller vers"]
    assert must_not[1]["multi_match"]["type"] == "phrase"
    assert not find(must_not, "fuzziness")  # never exclude near spellings
    assert "jeunes" in {m["query"] for m in find(data["query"]["bool"]["should"], "multi_match")}


def test_only_exclusion_lists_the_rest_by_date():
    data = body(SearchQuery(text="-caf"))
    query = data["query"]["bool"]
    assert "should" not in query
    assert query["must_not"][0]["multi_match"]["query"] == "caf"
    assert data["sort"][0] == {"date": {"order": "desc", "missing": "_last"}}
    assert "highlight" not in data


def test_facets_combined_post_filter_and_aggregations():
    query = SearchQuery(
        text="accompagnement", filters={"type": ["fiche"], "public": ["jeunes", "seniors"]}
    )
    data = body(query)
    assert data["post_filter"] == {
        "bool": {
            "filter": [
                {"terms": {"facets.public": ["jeunes", "seniors"]}},
                {"terms": {"facets.type": ["fiche"]}},
            ]
        }
    }
    aggs = data["aggs"]
    # A selected parameter's counts ignore its own selection, not the others'.
    assert aggs["facet_type"]["filter"] == {
        "bool": {"filter": [{"terms": {"facets.public": ["jeunes", "seniors"]}}]}
    }
    assert aggs["facet_public"]["filter"] == {
        "bool": {"filter": [{"terms": {"facets.type": ["fiche"]}}]}
    }
    # An unselected parameter's counts follow every selection.
    assert len(aggs["facet_frein"]["filter"]["bool"]["filter"]) == 2
    assert aggs["facet_frein"]["aggs"]["values"]["terms"]["field"] == "facets.frein"
    # The facet filters are not in the query: the aggregations see the whole matching set.
    assert "facets.type" not in str(data["query"])


def test_no_facets_requested():
    data = body(SearchQuery(text="accompagnement", with_facets=False))
    assert not any(name.startswith("facet_") for name in data.get("aggs", {}))


def test_visibility_and_since_are_query_filters():
    since = datetime(2026, 11, 1, 7, 30, tzinfo=UTC)
    data = body(
        SearchQuery(
            text="maraudes", visibility=frozenset({"public", "territory:3", "members"}), since=since
        )
    )
    filters = data["query"]["bool"]["filter"]
    assert filters[0] == {"terms": {"visibility": ["members", "public", "territory:3"]}}
    assert filters[1] == {"range": {"date": {"gte": since.isoformat()}}}
    assert "visibility" not in str(data.get("post_filter", ""))
    suggest = bodies.build_suggest("marau", {"public", "members"}).to_dict()
    assert suggest["query"]["bool"]["filter"] == [{"terms": {"visibility": ["members", "public"]}}]


def test_pagination():
    data = body(SearchQuery(text="droit", page=3, per_page=20))
    assert (data["from"], data["size"]) == (40, 20)
    assert data["track_total_hits"] is True
    far = body(SearchQuery(text="droit", page=5000, per_page=20))
    assert far["from"] + far["size"] <= bodies.MAX_RESULT_WINDOW


def test_date_sort():
    data = body(SearchQuery(text="droit", sort="date"))
    assert data["sort"][0] == {"date": {"order": "desc", "missing": "_last"}}


def test_highlight_options():
    highlight = body(SearchQuery(text="numérique"))["highlight"]
    assert highlight["pre_tags"] == [snippets.START]
    assert highlight["post_tags"] == [snippets.STOP]
    assert highlight["fields"]["title"]["number_of_fragments"] == 0
    assert highlight["fields"]["text"]["number_of_fragments"] == 2


def test_suggestion_body():
    data = bodies.build_suggest("Accompagnement numéri", {"public"}, limit=5).to_dict()
    match = data["query"]["bool"]["must"][0]["multi_match"]
    assert match["type"] == "bool_prefix"
    assert match["operator"] == "and"
    assert match["query"] == "accompagnement numeri"
    assert match["fields"] == ["title.suggest", "title.suggest._2gram", "title.suggest._3gram"]
    assert data["size"] == 5
    assert bodies.build_suggest("  ?! ", {"public"}) is None


def test_untrusted_syntax_never_reaches_the_engine():
    data = body(SearchQuery(text='title:(a OR b) AND "x*" ~2 {"script": 1}'))
    queries = {match["query"] for match in find(data["query"], "multi_match")}
    assert all(set(q) <= set("abcdefghijklmnopqrstuvwxyz0123456789 ") for q in queries)
    assert "query_string" not in str(data)


# --- Responses -----------------------------------------------------------------------------------


def api_response(payload: dict):
    return SimpleNamespace(body=payload)


def fake_backend(**kwargs):
    client = mock.MagicMock()
    return es.ElasticsearchBackend(url="http://es.invalid:9200", client=client, **kwargs), client


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
    source = bodies.document_body(document)
    assert source["doc_id"] == 5
    assert source["title"] == "Titre x"
    assert source["facets"] == {"public": ["jeunes"], "type": ["fiche"]}
    assert source["date"] == "2025-03-01T00:00:00+00:00"
    assert len(source["excerpt"]) == es_documents.EXCERPT_CHARS
    assert source["visibility"] == "members"
    mapped = set(es_documents.index_body()["mappings"]["properties"])
    assert set(source) <= mapped  # the mapping is strict


# --- Index maintenance ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_rebuild_swaps_the_alias_atomically():
    backend, client = fake_backend()
    client.indices.exists_alias.return_value = True
    client.indices.get_alias.return_value = {"czn-search-20250101000000000000": {}}
    sent = []
    with mock.patch.object(
        es.helpers, "bulk", side_effect=lambda _client, actions, **kw: sent.extend(actions)
    ):
        document = _stored_document("Une fiche")
        count = backend.rebuild(progress=lambda n: None)
    assert count == SearchDocument.objects.count() > 0
    create = client.indices.create.call_args.kwargs
    new_name = create["index"]
    assert new_name.startswith("czn-search-") and new_name != "czn-search-20250101000000000000"
    assert create["settings"]["refresh_interval"] == "-1"  # no refresh while filling
    assert create["mappings"]["dynamic"] == "strict"
    assert {action["_index"] for action in sent} == {new_name}
    assert document.pk in [action["_id"] for action in sent]
    client.indices.update_aliases.assert_called_once_with(
        actions=[
            {"remove": {"index": "czn-search-20250101000000000000", "alias": "czn-search"}},
            {"add": {"index": new_name, "alias": "czn-search"}},
        ]
    )
    names = [call[0] for call in client.indices.mock_calls]
    # Filled and refreshed before the swap; the old index deleted only after it.
    assert names.index("refresh") < names.index("update_aliases") < names.index("delete")
    client.indices.delete.assert_called_once_with(
        index="czn-search-20250101000000000000", ignore_unavailable=True
    )


@pytest.mark.django_db
def test_rebuild_failure_keeps_the_old_index():
    backend, client = fake_backend()
    _stored_document("Une fiche")
    with (
        mock.patch.object(es.helpers, "bulk", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        backend.rebuild()
    new_name = client.indices.create.call_args.kwargs["index"]
    client.indices.update_aliases.assert_not_called()
    client.indices.delete.assert_called_once_with(index=new_name, ignore_unavailable=True)


@pytest.mark.django_db
def test_first_rebuild_replaces_a_concrete_index_named_like_the_alias():
    backend, client = fake_backend()
    client.indices.exists_alias.return_value = False
    client.indices.exists.return_value = True
    with mock.patch.object(es.helpers, "bulk"):
        backend.rebuild()
    actions = client.indices.update_aliases.call_args.kwargs["actions"]
    assert actions[0] == {"remove_index": {"index": "czn-search"}}
    assert actions[1]["add"]["alias"] == "czn-search"


@pytest.mark.django_db
def test_index_and_delete_in_bulk_through_the_alias():
    backend, client = fake_backend()
    client.indices.exists_alias.return_value = True
    calls = []
    with mock.patch.object(
        es.helpers, "bulk", side_effect=lambda _c, actions, **kw: calls.append((list(actions), kw))
    ):
        document = _stored_document("Une fiche")
        backend.index([document])
        backend.delete([document.pk, 999])
    (indexed, _), (deleted, delete_kwargs) = calls
    assert indexed == [
        {"_index": "czn-search", "_id": document.pk, "_source": bodies.document_body(document)}
    ]
    assert [(a["_op_type"], a["_id"]) for a in deleted] == [
        ("delete", document.pk),
        ("delete", 999),
    ]
    assert delete_kwargs["ignore_status"] == (404,)  # deleting twice is fine


@pytest.mark.django_db
def test_unreachable_engine_defers_index_updates(caplog, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    backend, client = fake_backend()
    client.indices.exists_alias.side_effect = TransportConnectionError("refused")
    document = _stored_document("Une fiche")
    with mock.patch("search.tasks.sync_elasticsearch.apply_async") as queued:
        backend.index([document])
        assert not backend.available()
        backend.delete([12])  # not even tried while marked down
    assert client.indices.exists_alias.call_count == 1
    assert [call.kwargs["args"][0] for call in queued.call_args_list] == [[document.pk], [12]]
    assert "queued for retry" in caplog.text


@pytest.mark.django_db
def test_sync_task_indexes_present_rows_and_deletes_the_others():
    backend, client = fake_backend()
    client.indices.exists_alias.return_value = True
    document = _stored_document("Une fiche")
    calls = []
    with (
        mock.patch.object(
            es.helpers, "bulk", side_effect=lambda _c, actions, **kw: calls.append(list(actions))
        ),
        mock.patch.object(backends, "get_external_backend", return_value=backend),
    ):
        from search import tasks

        tasks.sync_elasticsearch.apply(args=[[document.pk, 4242]])
    assert [action["_id"] for action in calls[0]] == [document.pk]
    assert calls[1] == [{"_op_type": "delete", "_index": "czn-search", "_id": 4242}]


@pytest.mark.django_db
def test_nothing_is_sent_before_the_index_is_built(caplog):
    backend, client = fake_backend()
    client.indices.exists_alias.return_value = False
    with mock.patch.object(es.helpers, "bulk") as bulk:
        backend.index([_stored_document("Une fiche")])
    bulk.assert_not_called()
    client.indices.create.assert_not_called()  # no partial index
    assert "search_reindex" in caplog.text
    # Searching a missing index: the database answers for a while.
    error = es.NotFoundError(
        "index_not_found_exception", ApiResponseMeta(404, "1.1", HttpHeaders(), 0.01, None), {}
    )
    client.search.side_effect = error
    with pytest.raises(es.NotFoundError):
        backend.search(SearchQuery(text="fiche"))
    assert not backend.available()


def test_sync_task_retries_while_unreachable():
    from celery.exceptions import Retry

    from search import tasks

    backend = mock.Mock()
    backend.sync_ids.side_effect = TransportConnectionError("refused")
    with (
        mock.patch.object(backends, "get_external_backend", return_value=backend),
        mock.patch.object(tasks.sync_elasticsearch, "retry", return_value=Retry("again")) as retry,
        pytest.raises(Retry),
    ):
        tasks.sync_elasticsearch.run([1, 2])
    backend.sync_ids.assert_called_once_with([1, 2])
    assert retry.call_args.kwargs["countdown"] == 30  # then 60, 120… (backoff)
    assert isinstance(retry.call_args.kwargs["exc"], TransportConnectionError)
    assert tasks.sync_elasticsearch.max_retries == 8


# --- Fallback to the database --------------------------------------------------------------------


def _stored_document(title, text="", visibility="public"):
    document = SearchDocument.objects.create(
        content_type=ContentType.objects.get_for_model(SearchDocument),
        object_id=SearchDocument.objects.count() + 1,
        type="fiche",
        title=title,
        text=text,
        url=f"/fiches/{SearchDocument.objects.count() + 1}/",
        facets={"type": ["fiche"]},
        visibility=visibility,
        date=datetime(2026, 1, 5, tzinfo=UTC),
        year=2026,
    )
    backends.get_database_backend().index([document])
    return document


@pytest.mark.django_db
def test_page_falls_back_to_the_database_when_unreachable(client, settings, caplog):
    # A closed port on this machine: the real client raises ConnectionError at once.
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    backends.reset_cache()
    _stored_document("Accompagnement numérique des seniors", "Ateliers en ligne.")
    assert isinstance(backends.get_backend(), es.ElasticsearchBackend)
    response = client.get("/recherche/", {"q": "numerique"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Accompagnement <mark>numérique</mark> des seniors" in content
    assert "indisponible" not in content  # nothing alarming for the user
    assert "Search failed on elasticsearch" in caplog.text
    # Marked down: the next searches go straight to the database, without waiting.
    assert backends.get_backend().is_database
    assert "marked unavailable" in caplog.text
    response = client.get("/recherche/suggestions/", {"q": "accomp"})
    assert response.status_code == 200
    assert [item["label"] for item in response.json()["suggestions"]][:1] == [
        "Accompagnement numérique des seniors"
    ]


@pytest.mark.django_db
def test_search_error_falls_back_to_the_database(client, settings):
    settings.ELASTICSEARCH_URL = "http://es.invalid:9200"
    backends.reset_cache()
    _stored_document("Permanences d’accès aux droits")
    backend = backends.get_backend()
    error = es.ApiError(
        "search_phase_execution_exception",
        ApiResponseMeta(500, "1.1", HttpHeaders(), 0.01, None),
        {},
    )
    with mock.patch.object(backend.client, "search", side_effect=error):
        response = client.get("/recherche/", {"q": "droits"})
    assert response.status_code == 200
    assert "Permanences d’accès aux <mark>droits</mark>" in response.content.decode()


def test_backend_is_chosen_by_the_setting(settings):
    settings.ELASTICSEARCH_URL = ""
    backends.reset_cache()
    assert backends.get_backend().is_database
    settings.ELASTICSEARCH_URL = "http://es.invalid:9200"
    backends.reset_cache()
    backend = backends.get_backend()
    assert isinstance(backend, es.ElasticsearchBackend)
    assert [b.name for b in backends.index_backends()][1:] == ["elasticsearch"]


# --- manage.py search_reindex ---------------------------------------------------------------


class TTY:
    """A stdout that says it is a terminal (the progress bars are drawn)."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def flush(self):
        pass

    def isatty(self):
        return True

    @property
    def text(self):
        return "".join(self.parts)


@pytest.mark.django_db
def test_reindex_command_rebuilds_elasticsearch_with_a_progress_bar(settings):
    from django.core.management import call_command

    settings.ELASTICSEARCH_URL = "http://es.invalid:9200"
    backends.reset_cache()
    backend = backends.get_external_backend()
    backend.client = mock.MagicMock()
    backend.client.indices.exists_alias.return_value = True
    backend.client.indices.get_alias.return_value = {"czn-search-old": {}}
    sent = []
    out = TTY()
    with mock.patch.object(
        es.helpers, "bulk", side_effect=lambda _c, actions, **kw: sent.extend(actions)
    ):
        call_command("search_reindex", stdout=out)
    count = SearchDocument.objects.count()
    assert count > 0 and len(sent) == count
    assert "elasticsearch :" in out.text
    assert f"{count}/{count} documents" in out.text
    assert f"Index de recherche reconstruit : {count} documents" in out.text
    assert "elasticsearch" in out.text.splitlines()[-1]
    backend.client.indices.update_aliases.assert_called_once()
