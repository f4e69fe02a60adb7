"""What the two database backends share: filters, facet counts and the page of hits, written
once in SQL around an engine-specific ``matching`` part (measured in bench/search.py).

Each search runs two statements, whatever the volume:
1. ``WITH m AS MATERIALIZED (…)``: the matching set — the documents the person may read
   (``visibility IN keys``) holding most of the query's clauses — as (id, date, head, matched,
   keys, fails, failed), read once, then ``UNION ALL`` of
   - the page of hits: ordered by ``matched`` (documents with all the clauses first), then by
     relevance (engines that rank in two steps compute the full score for the first
     ``RERANK_DEPTH`` matches only), then by date;
   - the totals;
   - unless cached, the facet strings of the matches missing at most one selected parameter,
     concatenated by the database, from which ``count_facets`` makes the classic faceted
     counts in Python;
2. the display fields (and on PostgreSQL the ``ts_headline``) of the page's hits only
   (``search.backends.hits``).

Facet filters are substring tests of `` param:value `` tokens in ``SearchDocument.facet_keys``:
no join, no extra row per facet value."""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import re
from collections import Counter
from collections.abc import Iterable
from contextlib import nullcontext

from django.core.cache import cache
from django.db import connection, transaction

from search import snippets
from search.backends import hits
from search.backends.base import (
    FACET_PARAMS,
    SORT_DATE,
    Hit,
    SearchBackend,
    SearchQuery,
    SearchResults,
)
from search.models import facet_token

logger = logging.getLogger(__name__)

# Backends that rank in two steps (PostgreSQL) compute the full score for this many matches.
RERANK_DEPTH = 200
# Documents written by one ``bulk_create`` in a full rebuild.
REBUILD_BATCH = 500

VERSION_KEY = "search:index-version"
FACETS_CACHE_SECONDS = 300
VOCABULARY_CACHE_SECONDS = 600


def index_version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, None)


def bump_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def visibility_sql(query: SearchQuery, alias="d") -> tuple[str, list]:
    """The person's visibility keys (and the alert's ``since``) as a condition over ``alias``."""
    keys = sorted(query.visibility) or ["public"]
    sql = f"{alias}.visibility IN ({_placeholders(keys)})"
    params = list(keys)
    if query.since is not None:
        sql += f" AND {alias}.date >= %s"
        params.append(query.since)
    return sql, params


def rerank_depth(per_page: int) -> int:
    """``RERANK_DEPTH`` rounded up to whole pages of ``per_page``."""
    per_page = max(per_page, 1)
    return -(-RERANK_DEPTH // per_page) * per_page


def count_facets(rows: Iterable[tuple[str, str | None]]) -> dict[str, dict[str, int]]:
    """Classic faceted counts from (facet strings, failed parameter) rows: a match holding every
    selected parameter counts for all its values; one missing only parameter ``p`` counts for
    the values of ``p`` (so that choosing another value of ``p`` shows what it would give)."""
    tokens: Counter = Counter()
    for keys, failed in rows:
        if not keys:
            continue
        if failed:
            tokens.update(re.findall(rf" ({re.escape(failed)}:\S+)", keys))
        else:
            tokens.update(keys.split())
    counts: dict[str, dict[str, int]] = {}
    for token, count in tokens.items():
        param, _sep, value = token.partition(":")
        if param in FACET_PARAMS:
            counts.setdefault(param, {})[value] = count
    return counts


class DatabaseBackend(SearchBackend):
    is_database = True

    # --- engine-specific parts --------------------------------------------------------------

    def matching_sql(self, query: SearchQuery) -> tuple[str, list]:
        """SELECT id, date, head, matched, keys FROM … for the text and the visibility keys:
        ``head`` a relevance score cheap enough to compute for every match, ``matched`` the
        number of clauses held (at least ``min_should_match``), ``keys`` the facet string."""
        raise NotImplementedError

    def rerank_sql(self, query: SearchQuery) -> tuple[str, list] | None:
        """Optional: an expression over ``d`` (the document row) giving the full relevance
        score, computed for the first ``RERANK_DEPTH`` results only."""
        return None

    def contains_sql(self, column: str) -> str:
        """SQL true when the string ``column`` holds the parameter (a facet token)."""
        raise NotImplementedError

    def concat_sql(self, column: str) -> str:
        """Aggregate: the strings of ``column`` joined without separator."""
        raise NotImplementedError

    def execute(self, cursor, query: SearchQuery, sql: str, params: list) -> list[tuple]:
        """Run the search statement, return its rows (engines may set planner options)."""
        cursor.execute(sql, params)
        return cursor.fetchall()

    def headlines(
        self, query: SearchQuery, rows: dict[int, dict], matcher: snippets.Matcher | None = None
    ) -> dict[int, str]:
        """Snippet HTML per document id (default: built in Python from the original text)."""
        stems = self.query_stems(query)
        matcher = matcher if matcher is not None else snippets.Matcher(stems)
        return {
            pk: snippets.snippet(row["text"], stems, matcher=matcher) for pk, row in rows.items()
        }

    # --- shared -----------------------------------------------------------------------------

    @staticmethod
    def query_stems(query: SearchQuery) -> frozenset[str]:
        return frozenset(stem for clause in query.parsed.clauses for stem in clause.stems)

    def _filter_conditions(
        self, query: SearchQuery, column: str = "x.keys"
    ) -> list[tuple[str, str, list]]:
        """(param, SQL condition over ``column``, params) per facet parameter selected."""
        conditions = []
        for param, values in sorted(query.active_filters().items()):
            tokens = sorted({f" {facet_token(param, value)} " for value in values})
            sql = " OR ".join([self.contains_sql(column)] * len(tokens))
            conditions.append((param, f"({sql})", tokens))
        return conditions

    def _fails_sql(self, query: SearchQuery, column: str = "x.keys") -> tuple[str, list]:
        """The columns ``fails`` — how many selected parameters a match does not hold, tested
        on the facet string ``column`` — and ``failed`` — which one when it is only one (its
        rows count for that parameter's values only), with their params."""
        conditions = self._filter_conditions(query, column)
        fails = " + ".join(f"(CASE WHEN {sql} THEN 0 ELSE 1 END)" for _p, sql, _t in conditions)
        failed = "".join(f"WHEN NOT {sql} THEN '{param}' " for param, sql, _t in conditions)
        params = [token for _p, _s, tokens in conditions for token in tokens]
        return (
            f"{fails or '0'} AS fails, "
            f"{'CASE ' + failed + 'ELSE NULL END' if failed else 'CAST(NULL AS TEXT)'} AS failed"
        ), [*params, *(params if failed else [])]

    def _order_sql(self, query: SearchQuery, score="head") -> str:
        if query.parsed.clauses and query.sort != SORT_DATE:
            return f"matched DESC, {score} DESC, date DESC NULLS LAST, id DESC"
        return "date DESC NULLS LAST, id DESC"

    def search(self, query: SearchQuery) -> SearchResults:
        """One statement (``search_sql``): the matching set, materialised once, gives the page
        of hits, the totals and (unless cached) the rows the facet counts are made from."""
        results = SearchResults(query=query, backend=self.name)
        clauses = len(query.parsed.clauses)
        facet_counts = self._cached_facets(query) if query.with_facets else {}
        want_facet_rows = query.with_facets and facet_counts is None
        sql, params = self.search_sql(query, want_facet_rows)
        ranked, facet_rows = [], []
        with connection.cursor() as cursor:
            for kind, a, b, c, keys, failed_param in self.execute(cursor, query, sql, params):
                if kind == "h":
                    ranked.append((a, c))
                elif kind == "t":
                    results.total = int(a or 0)
                    results.all_clauses_total = int(b or 0) if clauses > 1 else None
                else:
                    facet_rows.append((keys, failed_param))
        results.hits = self._hits(query, ranked)
        if want_facet_rows:
            facet_counts = count_facets(facet_rows)
            self._store_facets(query, facet_counts)
        results.facet_counts = facet_counts or {}
        return results

    def search_sql(self, query: SearchQuery, facet_rows: bool) -> tuple[str, list]:
        """The search statement: rows (kind, a, b, c, keys, failed) of the page of hits
        (``h``: id, matched, score), of the totals (``t``: every match, those holding every
        clause) and with ``facet_rows`` of the facet strings (``f``)."""
        matching, matching_params = self.matching_sql(query)
        fails, fails_params = self._fails_sql(query)
        # 1. The page of hits, with their rank among the matches.
        page, params = self._ranked_page_sql(query)
        parts = [
            "SELECT 'h' AS kind, CAST(p.id AS BIGINT) AS a, CAST(p.matched AS BIGINT) AS b, "  # noqa: S608 — placeholders and constants only
            "CAST(p.score AS DOUBLE PRECISION) AS c, CAST(NULL AS TEXT) AS keys, "
            f"CAST(NULL AS TEXT) AS failed FROM ({page}) p"
        ]
        # 2. The totals: every match, and those holding every clause.
        parts.append(
            "SELECT 't', CAST(count(*) AS BIGINT), "
            "CAST(coalesce(sum(CASE WHEN matched >= %s THEN 1 ELSE 0 END), 0) AS BIGINT), "
            "CAST(0 AS DOUBLE PRECISION), CAST(NULL AS TEXT), CAST(NULL AS TEXT) "
            "FROM m WHERE fails = 0"
        )
        params.append(len(query.parsed.clauses))
        # 3. The facet strings of the matches that miss at most one selected parameter.
        #    concatenated in one string per ``failed`` value (a few rows, not one per match).
        if facet_rows:
            parts.append(
                "SELECT 'f', CAST(0 AS BIGINT), CAST(0 AS BIGINT), CAST(0 AS DOUBLE PRECISION), "  # noqa: S608 — constants only
                f"{self.concat_sql('keys')}, failed FROM m WHERE fails <= 1 GROUP BY failed"
            )
        sql = (
            "WITH m AS MATERIALIZED (SELECT x.id AS id, x.date AS date, x.head AS head, "  # noqa: S608 — placeholders and constants only
            f"x.matched AS matched, x.keys AS keys, {fails} FROM ({matching}) x) "
            + " UNION ALL ".join(
                f"SELECT * FROM ({part}) AS part{n}"  # noqa: S608 — placeholders and constants only
                for n, part in enumerate(parts)
            )
        )
        return sql, [*fails_params, *matching_params, *params]

    def _ranked_page_sql(self, query: SearchQuery) -> tuple[str, list]:
        """The page over ``m`` (id, matched, score, date) in the order of the results: among
        the first ``RERANK_DEPTH``, by the full relevance score where the engine has one."""
        rerank = self.rerank_sql(query)
        relevance = bool(query.parsed.clauses) and query.sort != SORT_DATE
        depth = rerank_depth(query.per_page)
        if rerank is not None and relevance and query.offset + query.per_page <= depth:
            score_sql, score_params = rerank
            return (
                f"SELECT t.id, t.matched, {score_sql} AS score, t.date FROM ("  # noqa: S608 — placeholders and constants only
                "SELECT id, matched, head, date FROM m WHERE fails = 0 "
                f"ORDER BY {self._order_sql(query)} LIMIT %s) t "
                "JOIN search_searchdocument d ON d.id = t.id "
                "ORDER BY t.matched DESC, t.head DESC, score DESC, t.date DESC NULLS LAST, "
                "t.id DESC "
                "LIMIT %s OFFSET %s"
            ), [*score_params, depth, query.per_page, query.offset]
        return (
            "SELECT id, matched, head AS score, date FROM m WHERE fails = 0 "  # noqa: S608 — placeholders and constants only
            f"ORDER BY {self._order_sql(query)} LIMIT %s OFFSET %s"
        ), [query.per_page, query.offset]

    def _hits(self, query: SearchQuery, ranked: list[tuple[int, float]]) -> list[Hit]:
        """The hits of ``ranked`` (id, score): ``search.backends.hits``."""
        return hits.page_hits(query, ranked, self.query_stems(query), self.headlines)

    def _facets_key(self, query: SearchQuery) -> str:
        key_source = json.dumps(
            [
                self.name,
                query.text,
                sorted(query.visibility),
                query.active_filters(),
                str(query.since),
            ],
            sort_keys=True,
        )
        return (
            f"search:facets:{index_version()}:"
            f"{hashlib.sha256(key_source.encode()).hexdigest()[:40]}"
        )

    def _cached_facets(self, query: SearchQuery) -> dict | None:
        return cache.get(self._facets_key(query))

    def _store_facets(self, query: SearchQuery, counts: dict) -> None:
        cache.set(self._facets_key(query), counts, FACETS_CACHE_SECONDS)

    def _cached_bounded_facets(self, query: SearchQuery):
        """(counts, estimated, sample size) of a bounded search, or None."""
        return cache.get(self._facets_key(query) + ":bounded")

    def _store_bounded_facets(self, query: SearchQuery, value) -> None:
        cache.set(self._facets_key(query) + ":bounded", value, FACETS_CACHE_SECONDS)

    # --- index maintenance ------------------------------------------------------------------

    def index(self, documents: Iterable) -> None:
        bump_version()

    def delete(self, document_ids: Iterable[int]) -> None:
        bump_version()

    def rebuild(self, progress=None) -> int:
        bump_version()
        from search.models import SearchDocument

        return SearchDocument.objects.count()

    # --- full rebuild (``search.indexing.load``) ----------------------------------------------

    def rebuild_transaction(self):
        """What a full rebuild runs in: here one transaction for the table and the index, so
        that readers keep the previous index until it commits."""
        return transaction.atomic()

    def rebuild_lock(self):
        """Held for a whole rebuild (nothing to hold where the transaction serialises writers)."""
        return nullcontext()

    def updates_allowed(self):
        """Whether pending updates may be applied now (``search.indexing.process_pending``)."""
        return nullcontext(True)

    def replace_documents(self, documents: Iterable, progress=None) -> int:
        """Replace every row of the table by ``documents`` (unsaved ``SearchDocument``), in
        ``bulk_create`` batches. Returns how many were written."""
        from search.models import SearchDocument, facet_keys_for

        # One DELETE (no per-row cascade collection).
        SearchDocument.objects.all()._raw_delete(SearchDocument.objects.db)
        total = 0
        documents = iter(documents)
        while batch := list(itertools.islice(documents, REBUILD_BATCH)):
            for document in batch:
                document.facet_keys = facet_keys_for(document.facets)  # what save() does
            total += len(SearchDocument.objects.bulk_create(batch))
            if progress:
                progress(len(batch))
        return total

    def vocabulary(self) -> list[str]:
        """Folded words of four letters or more of the indexed titles (cached 10 minutes)."""
        words = cache.get("search:vocabulary")
        if words is None:
            from search import text
            from search.models import SearchDocument

            found = set()
            for title in SearchDocument.objects.values_list("title", flat=True).iterator(
                chunk_size=2000
            ):
                found.update(word for word in text.words(title) if len(word) >= 4)
            words = sorted(found)
            cache.set("search:vocabulary", words, VOCABULARY_CACHE_SECONDS)
        return words

    @staticmethod
    def atomic():
        return transaction.atomic()
