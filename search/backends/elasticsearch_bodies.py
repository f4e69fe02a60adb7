"""What the Elasticsearch backend sends (``search.backends.elasticsearch``): the search and
suggestion requests of a query, and the source of each indexed document — pure functions, tested
without a server (``search/tests/test_elasticsearch.py``).

- Search (``build_search``): each clause of ``search.query`` becomes a ``multi_match`` over
  title^10, extra^4, text (a phrase clause: ``type: phrase``; a word: exact OR'ed with a fuzzy
  ``fuzziness: AUTO`` variant scored lower). A clause held adds a constant ``CLAUSE_WEIGHT`` to
  the score, so documents with every clause come first, then those with most of them
  (``minimum_should_match`` = ``ParsedQuery.min_should_match``, as on the database backends).
  Excluded clauses are ``must_not``. Visibility keys (and ``since``) are ``filter`` clauses
  inside the query.
- Facets: the selected facet values are a ``post_filter``; each parameter's counts come from
  a ``filter`` aggregation holding the *other* parameters' selections (classic faceted counts,
  the same semantics as ``search.backends.database.count_facets``).
- Highlighting: private-use sentinels as pre/post tags (``search.snippets``)."""

from __future__ import annotations

from collections.abc import Iterable

from elasticsearch.dsl import A, Q, Search

from search import es_documents, snippets, text
from search.backends.base import FACET_PARAMS, SORT_DATE, SearchQuery
from search.query import Clause

DEFAULT_ALIAS = "czn-search"
# Added to the score for each clause a document holds: far above any BM25 score of our fields,
# so that the number of clauses held orders the results first, relevance second.
CLAUSE_WEIGHT = 1000.0
FUZZY_BOOST = 0.2
FACET_SIZE = 500
MAX_RESULT_WINDOW = 10_000


def clause_query(clause: Clause, fuzzy: bool = True) -> Q:
    """What documents holding ``clause`` match; scored by relevance."""
    joined = " ".join(clause.words)
    if clause.is_phrase:
        return Q("multi_match", query=joined, type="phrase", fields=es_documents.TEXT_FIELDS)
    exact = Q("multi_match", query=joined, type="best_fields", fields=es_documents.TEXT_FIELDS)
    if not fuzzy:
        return exact
    typo = Q(
        "multi_match",
        query=joined,
        type="best_fields",
        fields=es_documents.TEXT_FIELDS,
        fuzziness="AUTO",
        prefix_length=1,
        max_expansions=20,
        boost=FUZZY_BOOST,
    )
    return Q("dis_max", queries=[exact, typo])


def counted_clause(clause: Clause) -> Q:
    """The clause's relevance plus ``CLAUSE_WEIGHT`` when it is held."""
    match = clause_query(clause)
    return Q(
        "bool",
        should=[match, Q("constant_score", filter=match, boost=CLAUSE_WEIGHT)],
        minimum_should_match=1,
    )


def base_filters(query: SearchQuery) -> list[Q]:
    keys = sorted(query.visibility) or ["public"]
    filters = [Q("terms", visibility=keys)]
    if query.since is not None:
        filters.append(Q("range", date={"gte": query.since.isoformat()}))
    return filters


def text_query(query: SearchQuery) -> Q:
    """Text, exclusions, visibility and ``since``: the matching set, before facet filters."""
    parsed = query.parsed
    must_not = [clause_query(clause, fuzzy=False) for clause in parsed.excluded]
    if not parsed.clauses:
        return Q("bool", filter=base_filters(query), must_not=must_not)
    return Q(
        "bool",
        should=[counted_clause(clause) for clause in parsed.clauses],
        minimum_should_match=parsed.min_should_match,
        filter=base_filters(query),
        must_not=must_not,
    )


def facet_filters(query: SearchQuery, exclude: str | None = None) -> list[Q]:
    return [
        Q("terms", **{f"facets.{param}": values})
        for param, values in sorted(query.active_filters(exclude=exclude).items())
    ]


def _bool_filter(filters: list[Q]) -> Q:
    return Q("bool", filter=filters) if filters else Q("match_all")


def build_search(query: SearchQuery, index: str = DEFAULT_ALIAS, using=None) -> Search:
    """The whole request of ``query`` (``.to_dict()`` is the body sent)."""
    parsed = query.parsed
    search = Search(using=using, index=index).query(text_query(query))
    selected = facet_filters(query)
    if selected:
        search = search.post_filter(_bool_filter(selected))
    if query.with_facets:
        for param in FACET_PARAMS:
            aggregation = A("filter", filter=_bool_filter(facet_filters(query, exclude=param)))
            aggregation.bucket("values", "terms", field=f"facets.{param}", size=FACET_SIZE)
            search.aggs.bucket(f"facet_{param}", aggregation)
    if len(parsed.clauses) > 1:
        everything = [clause_query(clause) for clause in parsed.clauses] + selected
        search.aggs.bucket("all_clauses", "filter", filter=Q("bool", filter=everything))
    if parsed.clauses and query.sort != SORT_DATE:
        search = search.sort(
            "_score", {"date": {"order": "desc", "missing": "_last"}}, {"doc_id": {"order": "desc"}}
        )
    else:
        search = search.sort(
            {"date": {"order": "desc", "missing": "_last"}}, {"doc_id": {"order": "desc"}}
        )
    if parsed.clauses:
        search = search.highlight_options(
            pre_tags=[snippets.START],
            post_tags=[snippets.STOP],
            encoder="default",
        )
        search = search.highlight("title", number_of_fragments=0)
        search = search.highlight("text", fragment_size=160, number_of_fragments=2)
    start = min(query.offset, MAX_RESULT_WINDOW - query.per_page)
    search = search.extra(track_total_hits=True, track_scores=True)
    search = search.source(
        [
            "type",
            "title",
            "url",
            "territory_name",
            "territory_slug",
            "date",
            "content_type_id",
            "object_id",
            "excerpt",
        ]
    )
    return search[max(start, 0) : max(start, 0) + query.per_page]


def build_suggest(
    prefix: str, visibility: Iterable[str], limit: int = 8, index: str = DEFAULT_ALIAS, using=None
) -> Search | None:
    words = text.words(prefix)[:6]
    if not words:
        return None
    keys = sorted(visibility) or ["public"]
    search = (
        Search(using=using, index=index)
        .query(
            Q(
                "bool",
                must=[
                    Q(
                        "multi_match",
                        query=" ".join(words),
                        type="bool_prefix",
                        fields=es_documents.SUGGEST_FIELDS,
                        operator="and",
                    )
                ],
                filter=[Q("terms", visibility=keys)],
            )
        )
        .sort("_score", {"date": {"order": "desc", "missing": "_last"}})
        .source(["type", "title", "url", "territory_name"])
    )
    return search[:limit]


def document_body(document) -> dict:
    """The Elasticsearch source of a ``SearchDocument`` row."""
    facets = {
        param: [str(value) for value in values]
        for param, values in (document.facets or {}).items()
        if param in FACET_PARAMS and values
    }
    body_text = snippets.strip_sentinels(document.text or "")
    return {
        "doc_id": document.pk,
        "type": document.type,
        "title": snippets.strip_sentinels(document.title),
        "extra": snippets.strip_sentinels(document.extra or ""),
        "text": body_text,
        "excerpt": body_text[: es_documents.EXCERPT_CHARS],
        "url": document.url,
        "facets": facets,
        "territory_slug": document.territory_slug,
        "territory_name": document.territory_name,
        "region_slug": document.region_slug,
        "date": document.date.isoformat() if document.date else None,
        "year": document.year,
        "visibility": document.visibility,
        "content_type_id": document.content_type_id,
        "object_id": document.object_id,
    }
