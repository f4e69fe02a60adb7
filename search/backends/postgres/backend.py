"""``PostgresBackend``: the engine-specific parts of the database search on PostgreSQL (see the
package's docstring), and the choice between the exact search and the bounded ones."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext

from django.db import connection, transaction

from search import snippets, text
from search.backends import bounded, table_swap
from search.backends.base import Hit, SearchQuery, SearchResults
from search.backends.database import DatabaseBackend, _placeholders, visibility_sql
from search.backends.postgres import facets, phrases, planner, top_tier
from search.backends.postgres.tsquery import (
    CONFIG,
    MAX_COMBINATIONS,
    candidates_query,
    clauses_held_sql,
    exclusion_sql,
    keys_tsquery,
    once,
    or_query,
)

HEADLINE_CHARS = 5_000  # ts_headline's cost grows with the text; further: snippet in Python
HEADLINE_OPTIONS = (
    f"StartSel={snippets.START}, StopSel={snippets.STOP}, MaxWords=35, MinWords=15, "
    'ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'
)


class PostgresBackend(DatabaseBackend):
    name = "postgresql"

    # --- full rebuild: a new table swapped in (``search.backends.table_swap``) ----------------

    def rebuild_transaction(self):
        return nullcontext()  # the swap is its own transaction

    def rebuild_lock(self):
        return table_swap.rebuild_lock()

    def updates_allowed(self):
        return table_swap.updates_allowed()

    def replace_documents(self, documents, progress=None) -> int:
        return table_swap.replace(documents, progress=progress)

    def concat_sql(self, column: str) -> str:
        return f"string_agg({column}, '')"

    def contains_sql(self, column: str) -> str:
        return f"strpos({column}, %s) > 0"

    # --- the paths: bounded work, the top tier, else the exact search -----------------------

    def search(self, query: SearchQuery) -> SearchResults:
        results = self.bounded_search(query)
        if results is None:
            results = self.top_tier_search(query)
        return results if results is not None else super().search(query)

    def top_tier_search(self, query: SearchQuery) -> SearchResults | None:
        """The exact search's answer read from the top tier of the matches
        (``search.backends.postgres.top_tier``).

        None — the exact search answers — when the planner expects no more than
        ``bounded.EXACT_LIMIT`` matches, when the tier is too small and cannot be completed,
        for facet counts (``bounded_search`` counts them over large sets, the exact search
        below), and where ``bounded.applies`` says no."""
        if query.with_facets or not bounded.applies(query, MAX_COMBINATIONS):
            return None
        if not connection.in_atomic_block:
            with transaction.atomic():
                return self.top_tier_search(query)
        with connection.cursor() as cursor:
            # Below that, the exact search's one statement costs less (measured).
            if not planner.expects_many(cursor, query):
                return None
            return top_tier.search(self, cursor, query)

    def bounded_search(self, query: SearchQuery) -> SearchResults | None:
        """The search with bounded work per match; None when the exact search should answer
        (no words, an alert, sort by date, too many clauses, neither a phrase nor facet counts
        to compute, or no more than ``bounded.EXACT_LIMIT`` readable documents holding the
        words).

        Without quoted phrases, only the facet counts are bounded
        (``search.backends.postgres.facets``): the page and the totals are the exact search's.
        With them, the matches are read once, without their positions, which are checked for
        the candidates only (``search.backends.postgres.phrases``)."""
        if not bounded.applies(query, MAX_COMBINATIONS):
            return None
        clauses = query.parsed.clauses
        # Where the exact search reads more per match than this one: the positions of a
        # phrase, or the facet strings of every match (measured in bench/search.py; otherwise
        # both read the same rows, and the exact search has fewer steps).
        # (Never on the state of a cache: every page of a search must take the same path.)
        with_phrases = any(clause.is_phrase for clause in clauses)
        if not with_phrases and not query.with_facets:
            return None
        if not connection.in_atomic_block:
            with transaction.atomic():
                return self.bounded_search(query)
        with connection.cursor() as cursor:
            cursor.execute(planner.PLANNER_SET)
            try:
                if with_phrases:
                    return phrases.search(self, cursor, query)
                return facets.sampled_search(self, cursor, query)
            finally:
                cursor.execute(planner.PLANNER_RESET)

    def execute(self, cursor, query: SearchQuery, sql: str, params: list) -> list[tuple]:
        """With words to match, the statement runs with ``PLANNER_SET``. ``SET LOCAL`` lasts
        until the end of the transaction at most (one is opened when there is none), and is
        put back just after."""
        if not (query.parsed.clauses or query.parsed.excluded):
            return super().execute(cursor, query, sql, params)
        if not connection.in_atomic_block:
            with transaction.atomic():
                return self.execute(cursor, query, sql, params)
        cursor.execute(planner.PLANNER_SET)
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        cursor.execute(planner.PLANNER_RESET)
        return rows

    # --- the exact search's engine-specific parts (``search.backends.database``) -------------

    def matching_sql(self, query: SearchQuery) -> tuple[str, list]:
        parsed = query.parsed
        visibility, visibility_params = visibility_sql(query)
        exclusion, exclusion_params = exclusion_sql(parsed.excluded)
        if not parsed.clauses:
            sql = (
                "SELECT d.id AS id, d.date AS date, 0.0::float AS head, 0 AS matched, "  # noqa: S608 — placeholders and constants only
                f"d.facet_keys AS keys FROM search_searchdocument d "
                f"WHERE {visibility}{exclusion}"
            )
            return sql, [*visibility_params, *exclusion_params]
        clauses, minimum = parsed.clauses, parsed.min_should_match
        candidates_sql, candidates_params = candidates_query(clauses, minimum)
        keys = None if query.with_facets else keys_tsquery(query)
        if keys:
            # No facet string to read: the selected values restrict the rows read (index).
            candidates_sql = f"({candidates_sql} && %s::tsquery)"
            candidates_params = [*candidates_params, keys]
        matched, matched_params = clauses_held_sql(clauses, minimum)
        or_sql, or_params = or_query(clauses)
        # OFFSET 0 keeps the inner query as it is: ``matched`` computed once per row, and the
        # title test only for the rows kept. (``ts_rank_cd`` of every match, even on the title
        # alone, cost more than the rest of the search: measured 70 ms at 19,000 matches.)
        sql = (
            "SELECT y.id AS id, y.date AS date, "  # noqa: S608 — placeholders and constants only
            f"CASE WHEN y.head_vector @@ {once(or_sql)} THEN 1.0 ELSE 0.0 END AS head, "
            "y.matched AS matched, y.keys AS keys FROM ("
            "SELECT d.id AS id, d.date AS date, d.head_vector AS head_vector, "
            f"({matched}) AS matched, d.facet_keys AS keys "
            "FROM search_searchdocument d "
            f"WHERE d.search_vector @@ {candidates_sql} AND {visibility}{exclusion} OFFSET 0"
            ") AS y WHERE y.matched >= %s"
        )
        params = [
            *or_params,
            *matched_params,
            *candidates_params,
            *visibility_params,
            *exclusion_params,
            minimum,
        ]
        return sql, params

    def rerank_sql(self, query: SearchQuery) -> tuple[str, list] | None:
        or_sql, or_params = or_query(query.parsed.clauses)
        # ``ts_filter``: the words only (the keys, weight D without position, left out).
        return (
            "ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', ts_filter(d.search_vector, '{a,b,c}'), "
            f"{once(or_sql)}, 1)",
            or_params,
        )

    def headlines(
        self, query: SearchQuery, rows: dict[int, dict], matcher: snippets.Matcher | None = None
    ) -> dict[int, str]:
        clauses = query.parsed.clauses
        if not clauses or not rows:
            return {}
        or_sql, or_params = or_query(clauses)
        ids = list(rows)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, ts_headline('{CONFIG}', left(text, %s), {once(or_sql)}, %s) "  # noqa: S608 — placeholders and constants only
                f"FROM search_searchdocument WHERE id IN ({_placeholders(ids)})",
                [HEADLINE_CHARS, *or_params, HEADLINE_OPTIONS, *ids],
            )
            found = dict(cursor.fetchall())
        result = {}
        stems = self.query_stems(query)
        matcher = matcher if matcher is not None else snippets.Matcher(stems)
        for pk, headline in found.items():
            if headline and snippets.START in headline:
                result[pk] = snippets.sentinels_to_html(headline)
            else:  # the match is further than HEADLINE_CHARS, or only in the title
                result[pk] = snippets.snippet(rows[pk]["text"], stems, matcher=matcher)
        return result

    def suggest(self, prefix: str, visibility: Iterable[str], limit: int = 8) -> list[Hit]:
        words = text.words(prefix)[:6]
        if not words:
            return []
        *complete, last = words
        parts = [f"{word}:A" for word in complete if not text.is_stop_word(word)]
        parts.append(f"{last}:*A")
        tsquery = " & ".join(parts)  # folded words only: [a-z0-9]+
        keys = sorted(visibility) or ["public"]
        sql = (
            "SELECT d.id, d.type, d.title, d.url, d.territory_name "  # noqa: S608 — placeholders and constants only
            "FROM search_searchdocument d "
            f"WHERE d.search_vector @@ to_tsquery('{CONFIG}', %s) "
            f"AND d.visibility IN ({_placeholders(keys)}) "
            f"ORDER BY ts_rank_cd(ts_filter(d.search_vector, '{{a,b,c}}'), "
            f"(SELECT to_tsquery('{CONFIG}', %s))) DESC, "
            "d.date DESC NULLS LAST LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [tsquery, *keys, tsquery, limit])
            return [
                Hit(id=row[0], type=row[1], title=row[2], url=row[3], territory_name=row[4])
                for row in cursor.fetchall()
            ]
