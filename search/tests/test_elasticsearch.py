"""The Elasticsearch backend without a server: the index body (analyzer, mapping) and the query
bodies. The parsing of responses, the index maintenance and the fallback to the database are in
the other test_elasticsearch_*.py modules; ``test_elasticsearch_live.py`` runs the behaviour
contract on a real server when ELASTICSEARCH_URL is set."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from search import es_documents, snippets
from search.backends import elasticsearch as es
from search.backends import elasticsearch_bodies as bodies
from search.backends.base import SearchQuery
from search.tests.es_helpers import body, find

pytestmark = pytest.mark.usefixtures("elasticsearch_state")


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
    suggest = es.build_suggest("marau", {"public", "members"}).to_dict()
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
    data = es.build_suggest("Accompagnement numéri", {"public"}, limit=5).to_dict()
    match = data["query"]["bool"]["must"][0]["multi_match"]
    assert match["type"] == "bool_prefix"
    assert match["operator"] == "and"
    assert match["query"] == "accompagnement numeri"
    assert match["fields"] == ["title.suggest", "title.suggest._2gram", "title.suggest._3gram"]
    assert data["size"] == 5
    assert es.build_suggest("  ?! ", {"public"}) is None


def test_untrusted_syntax_never_reaches_the_engine():
    data = body(SearchQuery(text='title:(a OR b) AND "x*" ~2 {"script": 1}'))
    queries = {match["query"] for match in find(data["query"], "multi_match")}
    assert all(set(q) <= set("abcdefghijklmnopqrstuvwxyz0123456789 ") for q in queries)
    assert "query_string" not in str(data)
