"""Facet counts over a large matching set without quoted phrases, from the facet strings of a
sample of whole shards (``bounded.facet_counts``): the shards are part of the GIN condition, so
that only the sampled rows are read. The page and the totals are the exact search's
(``top_tier`` when the top tier holds the page), so that every page of a search follows the same
order."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from search.backends import bounded
from search.backends.base import SearchQuery, SearchResults
from search.backends.database import DatabaseBackend
from search.backends.postgres import planner, top_tier
from search.backends.postgres.tsquery import candidates_query, match

if TYPE_CHECKING:
    from search.backends.postgres.backend import PostgresBackend


def sampled_search(backend: PostgresBackend, cursor, query: SearchQuery) -> SearchResults | None:
    """The exact page and totals with sampled facet counts; None when the planner expects no
    more than ``bounded.EXACT_LIMIT`` matches (the exact search then counts every facet
    value)."""
    if not planner.expects_many(cursor, query):
        return None
    parsed = query.parsed
    most_sql, most_params = candidates_query(parsed.clauses, parsed.min_should_match)
    facet_counts = backend._cached_bounded_facets(query)
    if facet_counts is None:
        # The shards are chosen from the planner's estimate of the matches missing at most
        # one selected parameter (the same for the same search: a shared address shows the
        # same numbers); a sample that turns out small is read whole.
        where, params = match(query, most_sql, most_params, broad=True)
        shards = bounded.shards_for(round(planner.estimated_rows(cursor, where, params)))
        keys = _facet_strings(cursor, query, most_sql, most_params, shards)
        if shards < bounded.SHARDS and len(keys) * bounded.SHARDS / shards <= bounded.SAMPLE:
            shards = bounded.SHARDS
            keys = _facet_strings(cursor, query, most_sql, most_params, shards)
        facet_counts = bounded.facet_counts(keys, query, shards)
        backend._store_bounded_facets(query, facet_counts)
    page_query = dataclasses.replace(query, with_facets=False)
    results = top_tier.search(backend, cursor, page_query)
    if results is None:
        results = DatabaseBackend.search(backend, page_query)
    results.query = query
    results.facet_counts, results.facets_estimated, results.facets_sample = facet_counts
    return results


def _facet_strings(
    cursor, query: SearchQuery, most_sql: str, most_params: list, shards: int
) -> list[str]:
    """The facet strings of the matches missing at most one selected parameter, in the
    first ``shards`` shards."""
    where, params = match(query, most_sql, most_params, broad=True, shards=shards)
    cursor.execute(
        f"SELECT d.facet_keys FROM search_searchdocument d WHERE {where}",  # noqa: S608 — placeholders and constants only
        params,
    )
    return [row[0] for row in cursor.fetchall()]
