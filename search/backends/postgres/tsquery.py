"""The tsqueries of a search, and the conditions over ``d`` (the document row) built from them.

Each clause of the query becomes ``websearch_to_tsquery('french_unaccent', …)`` of its folded
words (a phrase between quotes): nothing the user typed reaches the tsquery parser as syntax.
The documents' keys (migration 0006: facet values ``param:value``, shard ``shard:N``) are
lexemes no typed word can reach; the selected ones are part of the same GIN condition."""

from __future__ import annotations

import itertools
import math

from search.backends import bounded
from search.backends.base import SearchQuery
from search.backends.database import visibility_sql
from search.models import facet_token
from search.query import Clause

CONFIG = "public.french_unaccent"
# Above this many combinations of « most of the clauses », the GIN index is asked for any of
# them and the count of clauses held filters the rest.
MAX_COMBINATIONS = 20


def websearch_text(clause: Clause) -> str:
    """Folded words ([a-z0-9]+), a phrase between double quotes."""
    joined = " ".join(clause.words)
    return f'"{joined}"' if clause.is_phrase else joined


def loose_text(clause: Clause) -> str:
    """Folded words, a phrase as all its words: what the GIN index answers without reading
    any ``search_vector`` (positions are only checked by the exact ``websearch_text``)."""
    return " ".join(clause.words)


def _quoted(token: str) -> str:
    """A lexeme in tsquery syntax: quoted, quotes and backslashes escaped."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def keys_tsquery(
    query: SearchQuery, broad: bool = False, shards: int = bounded.SHARDS
) -> str | None:
    """The tsquery (text) over the documents' keys (migration 0006) for the selected facet
    values — all the selected parameters, or with ``broad`` all but one at most (what classic
    facet counts read) — and for the first ``shards`` shards; None when nothing restricts."""
    groups = [
        " | ".join(_quoted(facet_token(param, value)) for value in values)
        for param, values in sorted(query.active_filters().items())
    ]
    parts = []
    if not broad:
        parts = groups
    elif len(groups) > 1:
        parts.append(
            " | ".join(
                "(" + " & ".join(f"({group})" for group in combination) + ")"
                for combination in itertools.combinations(groups, len(groups) - 1)
            )
        )
    if shards < bounded.SHARDS:
        parts.append(" | ".join(_quoted(f"shard:{number}") for number in range(shards)))
    return " & ".join(f"({part})" for part in parts) or None


def once(tsquery_sql: str) -> str:
    """A tsquery computed once per statement where it is tested row by row (select list,
    CASE, ORDER BY): ``websearch_to_tsquery`` is only STABLE, so it would otherwise parse and
    stem the words again for every row (~4 µs a row, measured). Not for the WHERE clause: the
    index takes the tsquery once anyway, and the planner's estimates need its value."""
    return f"(SELECT {tsquery_sql})"


def tsquery() -> str:
    """The tsquery of one clause (its text is the parameter)."""
    return f"websearch_to_tsquery('{CONFIG}', %s)"


def or_query(clauses, as_text=websearch_text) -> tuple[str, list]:
    """Documents holding any of ``clauses``."""
    sql = "(" + " || ".join([tsquery()] * len(clauses)) + ")"
    return sql, [as_text(clause) for clause in clauses]


def and_query(clauses, as_text=websearch_text) -> tuple[str, list]:
    """Documents holding every one of ``clauses``."""
    sql = "(" + " && ".join([tsquery()] * len(clauses)) + ")"
    return sql, [as_text(clause) for clause in clauses]


def candidates_query(clauses, minimum: int, as_text=websearch_text) -> tuple[str, list]:
    """A tsquery the GIN index answers exactly: documents holding at least ``minimum`` of
    ``clauses`` — the OR of the ANDs of every combination (3 for « 2 of 3 », 6 for « 2 of
    4 »), or the plain OR when that would be too long (then filtered on ``matched``)."""
    if minimum <= 1 or math.comb(len(clauses), minimum) > MAX_COMBINATIONS:
        return or_query(clauses, as_text)
    parts, params = [], []
    for combination in itertools.combinations(clauses, minimum):
        parts.append("(" + " && ".join([tsquery()] * minimum) + ")")
        params += [as_text(clause) for clause in combination]
    return "(" + " || ".join(parts) + ")", params


def ids_matching(clauses) -> tuple[str, list]:
    """Ids of the documents holding one of ``clauses``, from the GIN index alone (a hashed
    subplan: no ``search_vector`` is read from the table)."""
    or_sql, or_params = or_query(clauses)
    return (
        f"(SELECT s.id FROM search_searchdocument s "  # noqa: S608 — placeholders and constants only
        f"WHERE s.search_vector @@ {or_sql})"
    ), or_params


def exclusion_sql(excluded) -> tuple[str, list]:
    """`` AND d.id NOT IN (…)``: the documents holding none of the ``excluded`` clauses (an
    empty condition without them)."""
    if not excluded:
        return "", []
    excluded_ids, params = ids_matching(excluded)
    return f" AND d.id NOT IN {excluded_ids}", params


def clauses_held_sql(clauses, minimum: int) -> tuple[str, list]:
    """How many of ``clauses`` ``d`` holds, for a document holding at least ``minimum``."""
    if len(clauses) == 1:
        return "1", []
    if len(clauses) - minimum == 1:
        # Every candidate holds ``minimum`` clauses or all of them: one (small) set of the
        # documents holding all of them tells which.
        every = "(" + " && ".join([tsquery()] * len(clauses)) + ")"
        return (
            f"CASE WHEN d.id IN (SELECT s.id FROM search_searchdocument s "  # noqa: S608 — placeholders and constants only
            f"WHERE s.search_vector @@ {every}) THEN {len(clauses)} "
            f"ELSE {minimum} END"
        ), [websearch_text(clause) for clause in clauses]
    parts, params = [], []
    for clause in clauses:
        ids, ids_params = ids_matching([clause])
        parts.append(f"(d.id IN {ids})::int")
        params += ids_params
    return " + ".join(parts), params


def match(
    query: SearchQuery,
    words_sql: str,
    words_params: list,
    column: str = "search_vector",
    broad: bool = False,
    shards: int = bounded.SHARDS,
) -> tuple[str, list]:
    """The condition over ``d``: ``column`` holds the words, the selected facet values
    (see ``keys_tsquery``) and none of the excluded words — one GIN condition, so that
    only the rows meeting it are read — and the person may read it. Excluded words are
    tested on ``search_vector`` only, and an excluded phrase needs positions: the ids
    holding them are then left out instead."""
    sql, params = words_sql, list(words_params)
    keys = keys_tsquery(query, broad, shards)
    if keys:
        sql = f"({sql} && %s::tsquery)"
        params.append(keys)
    excluded = query.parsed.excluded
    exclusion, exclusion_params = "", []
    if excluded and column == "search_vector" and not any(clause.is_phrase for clause in excluded):
        excluded_sql, excluded_params = or_query(excluded)
        sql = f"({sql} && !!{excluded_sql})"
        params += excluded_params
    elif excluded:
        exclusion, exclusion_params = exclusion_sql(excluded)
    visibility, visibility_params = visibility_sql(query)
    return (
        f"d.{column} @@ {sql} AND {visibility}{exclusion}",
        [*params, *visibility_params, *exclusion_params],
    )
