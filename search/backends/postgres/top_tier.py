"""The exact search's answer — same page, same order, same totals — reading only the *top tier*
of the matches for the page (``PostgresBackend.top_tier_search`` says when): with several
clauses, the documents holding all of them; with one, those holding it in their title (from the
GIN index of ``head_vector`` alone, migration 0006).

Every match of the tier comes before the rest in the exact order (``matched``, then ``head``),
so when the tier holds the page and the first ``RERANK_DEPTH``, the page is the same; the other
matches are only counted (a bare count, the cheapest read of the table). When every match
outside the tier holds the same number of clauses (one clause, or all but one), a tier too small
is completed by the first of the other matches in the exact order (title match, date): one more
read of the matches, without keeping them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from search.backends import database
from search.backends.base import SearchQuery, SearchResults
from search.backends.postgres.tsquery import and_query, candidates_query, match, once, or_query

if TYPE_CHECKING:
    from search.backends.postgres.backend import PostgresBackend


def search(backend: PostgresBackend, cursor, query: SearchQuery) -> SearchResults | None:
    """The results from the top tier, or None when the tier does not hold the page and the
    next tier cannot be read apart."""
    parsed = query.parsed
    clauses, minimum = parsed.clauses, parsed.min_should_match
    several = len(clauses) > 1
    depth = database.rerank_depth(query.per_page)
    needed = max(depth, query.offset + max(query.per_page, 1))
    tier, head = _tier(query)
    page = page_sql(backend, query, depth)
    rows = backend.execute(
        cursor,
        query,
        f"WITH t AS MATERIALIZED ({tier[0]}) SELECT 'n', count(*), NULL::float FROM t "  # noqa: S608 — placeholders and constants only
        f"UNION ALL SELECT 'h', p.id, p.score FROM ({page[0]}) p",
        [*tier[1], *page[1]],
    )
    tier_total = _count(rows)
    if tier_total < needed and several and len(clauses) - minimum != 1:
        return None
    most = match(query, *candidates_query(clauses, minimum))
    if tier_total < needed:
        rest_head = head if several else ("0.0", [])
        rows = _completed(backend, cursor, query, tier, rest_head, most, needed, page)
        total = _count(rows)
    else:
        total = backend.execute(
            cursor,
            query,
            f"SELECT count(*) FROM search_searchdocument d WHERE {most[0]}",  # noqa: S608 — placeholders and constants only
            most[1],
        )[0][0]
    results = SearchResults(query=query, backend=backend.name, total=int(total))
    if several:
        results.all_clauses_total = tier_total
    results.hits = backend._hits(query, [(a, c) for kind, a, c in rows if kind == "h"])
    return results


def _count(rows) -> int:
    return next(int(a) for kind, a, _c in rows if kind == "n")


def _tier(query: SearchQuery) -> tuple[tuple[str, list], tuple[str, list]]:
    """(the SELECT of the tier over ``d`` — id, date, head, matched — with its params, the
    ``head`` expression with its params)."""
    clauses = query.parsed.clauses
    or_sql, or_params = or_query(clauses)
    column = "search_vector"
    if len(clauses) > 1:
        tier_sql, tier_params = and_query(clauses)
        head = f"CASE WHEN d.head_vector @@ {once(or_sql)} THEN 1.0 ELSE 0.0 END"
        head_params = list(or_params)
    else:
        # A title holding the clause is part of ``search_vector`` (same words, same
        # positions): the title's index alone finds the tier.
        tier_sql, tier_params, column = or_sql, list(or_params), "head_vector"
        head, head_params = "1.0", []
    where, where_params = match(query, tier_sql, tier_params, column)
    tier = (
        f"SELECT d.id AS id, d.date AS date, {head} AS head, {len(clauses)} AS matched "  # noqa: S608 — placeholders and constants only
        f"FROM search_searchdocument d WHERE {where}"
    )
    return (tier, [*head_params, *where_params]), (head, head_params)


def _completed(
    backend: PostgresBackend,
    cursor,
    query: SearchQuery,
    tier: tuple[str, list],
    rest_head: tuple[str, list],
    most: tuple[str, list],
    needed: int,
    page: tuple[str, list],
) -> list[tuple]:
    """The rows (``h`` the page, ``n`` the total) of a tier completed by the first ``needed``
    of the other matches (``most``: the condition of every match); the other matches are
    counted in the same read (the tier is part of them)."""
    minimum = query.parsed.min_should_match
    return backend.execute(
        cursor,
        query,
        f"WITH s AS MATERIALIZED ({tier[0]}), r AS MATERIALIZED ("  # noqa: S608 — placeholders and constants only
        f"SELECT d.id AS id, d.date AS date, {rest_head[0]} AS head, {minimum} AS matched, "
        "count(*) OVER () AS n "
        f"FROM search_searchdocument d WHERE {most[0]} "
        "AND d.id NOT IN (SELECT id FROM s) "
        "ORDER BY 3 DESC, 2 DESC NULLS LAST, 1 DESC LIMIT %s), "
        "t AS (SELECT id, date, head, matched FROM s "
        "UNION ALL SELECT id, date, head, matched FROM r) "
        f"SELECT 'h', p.id, p.score FROM ({page[0]}) p UNION ALL "
        "SELECT 'n', (SELECT count(*) FROM s) + coalesce((SELECT max(n) FROM r), 0), "
        "NULL::float",
        [*tier[1], *rest_head[1], *most[1], needed, *page[1]],
    )


def page_sql(backend: PostgresBackend, query: SearchQuery, depth: int) -> tuple[str, list]:
    """The page over ``t`` (id, date, head, matched) in the exact search's order."""
    order = "t.matched DESC, t.head DESC, t.date DESC NULLS LAST, t.id DESC"
    if query.offset + query.per_page <= depth:
        rerank_sql, rerank_params = backend.rerank_sql(query)
        return (
            f"SELECT t.id, {rerank_sql} AS score FROM ("  # noqa: S608 — placeholders and constants only
            f"SELECT t.id, t.matched, t.head, t.date FROM t ORDER BY {order} LIMIT %s) t "
            "JOIN search_searchdocument d ON d.id = t.id "
            "ORDER BY t.matched DESC, t.head DESC, score DESC, t.date DESC NULLS LAST, "
            "t.id DESC LIMIT %s OFFSET %s"
        ), [*rerank_params, depth, query.per_page, query.offset]
    return (
        f"SELECT t.id, t.head AS score FROM t ORDER BY {order} LIMIT %s OFFSET %s"  # noqa: S608 — constants only
    ), [query.per_page, query.offset]
