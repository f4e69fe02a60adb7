"""The planner: the settings a search statement runs with, and its estimates of how many rows a
condition meets (which choose between the exact search and the bounded ones: nothing is read,
and the same search gets the same estimate until the next ANALYZE)."""

from __future__ import annotations

import json

from search.backends import bounded
from search.backends.base import SearchQuery
from search.backends.database import visibility_sql
from search.backends.postgres.tsquery import candidates_query

# The planner's cost model does not see that testing ``@@`` on a row reads its
# ``search_vector`` out of line (~5 µs a row, measured): it would scan the table (0.7 s instead
# of 0.05 s at 40,000 documents) or read the rows of one index and test the words on each (34 ms
# instead of 4 ms) rather than intersect the indexes. Within a search statement: no sequential
# scan, operators ten times dearer than by default (so that intersecting indexes wins), and no
# parallel workers (which that dearer cost would otherwise call for, slower here).
PLANNER_SET = (
    "SET LOCAL enable_seqscan = off; SET LOCAL cpu_operator_cost = 0.025; "
    "SET LOCAL max_parallel_workers_per_gather = 0"
)
PLANNER_RESET = (
    "SET LOCAL enable_seqscan TO DEFAULT; SET LOCAL cpu_operator_cost TO DEFAULT; "
    "SET LOCAL max_parallel_workers_per_gather TO DEFAULT"
)


def estimated_rows(cursor, where: str, params: list) -> float:
    """The planner's estimate of the rows of ``d`` meeting ``where`` (nothing read)."""
    cursor.execute(
        "EXPLAIN (FORMAT JSON) SELECT 1 FROM search_searchdocument d "  # noqa: S608 — placeholders and constants only
        f"WHERE {where}",
        params,
    )
    plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return plan[0]["Plan"]["Plan Rows"]


def expects_many(cursor, query: SearchQuery) -> bool:
    """Whether the planner expects more than ``bounded.EXACT_LIMIT`` readable documents
    holding most of the clauses (its estimate: nothing is read; the same search gets the
    same answer until the next ANALYZE, and every path gives the same page)."""
    parsed = query.parsed
    most_sql, most_params = candidates_query(parsed.clauses, parsed.min_should_match)
    visibility, visibility_params = visibility_sql(query)
    return (
        estimated_rows(
            cursor,
            f"d.search_vector @@ {most_sql} AND {visibility}",
            [*most_params, *visibility_params],
        )
        > bounded.EXACT_LIMIT
    )
