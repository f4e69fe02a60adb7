"""What the two database backends share: the filters, the facet counts and the page of hits,
written once in SQL around an engine-specific ``matching`` part.

Each search runs a constant number of queries, whatever the volume:
1. the page of hits with the total (window functions over the matching set);
2. the facet counts: one statement, a single aggregation over the matching set for the
   parameters without a selection, plus one per parameter with a selection (classic faceted
   counts), all ``UNION ALL``-ed over the same materialised set (cached, see below);
3. the display fields (and on PostgreSQL the ``ts_headline``) of the page's hits only.

The matching set is a ``WITH m AS MATERIALIZED (…)`` of (id, date, score, matched): the
documents the person may read (``visibility IN keys``) that hold most of the query's clauses;
``matched`` counts the clauses a document holds, so documents with all of them come first."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable

from django.core.cache import cache
from django.db import connection, transaction
from django.utils.safestring import mark_safe

from search import snippets
from search.backends.base import (
    SORT_DATE,
    Hit,
    SearchBackend,
    SearchQuery,
    SearchResults,
)

logger = logging.getLogger(__name__)

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


class DatabaseBackend(SearchBackend):
    is_database = True

    # --- engine-specific parts --------------------------------------------------------------

    def matching_sql(self, query: SearchQuery) -> tuple[str, list]:
        """SELECT id, date, score, matched FROM … for the text and the visibility keys."""
        raise NotImplementedError

    def headlines(self, query: SearchQuery, rows: dict[int, dict]) -> dict[int, str]:
        """Snippet HTML per document id (default: built in Python from the original text)."""
        stems = self.query_stems(query)
        return {pk: snippets.snippet(row["text"], stems) for pk, row in rows.items()}

    # --- shared -----------------------------------------------------------------------------

    @staticmethod
    def query_stems(query: SearchQuery) -> frozenset[str]:
        return frozenset(stem for clause in query.parsed.clauses for stem in clause.stems)

    @staticmethod
    def _visibility_sql(query: SearchQuery, alias="d") -> tuple[str, list]:
        keys = sorted(query.visibility) or ["public"]
        sql = f"{alias}.visibility IN ({_placeholders(keys)})"
        params = list(keys)
        if query.since is not None:
            sql += f" AND {alias}.date >= %s"
            params.append(query.since)
        return sql, params

    @staticmethod
    def _facet_filters(query: SearchQuery, exclude: str | None = None) -> tuple[str, list]:
        parts, params = [], []
        for param, values in sorted(query.active_filters(exclude=exclude).items()):
            parts.append(
                "m.id IN (SELECT document_id FROM search_searchfacet "  # noqa: S608 — placeholders and constants only
                f"WHERE param = %s AND value IN ({_placeholders(values)}))"
            )
            params += [param, *values]
        return (" AND ".join(parts) or "1 = 1"), params

    def _order_sql(self, query: SearchQuery) -> str:
        if query.parsed.clauses and query.sort != SORT_DATE:
            return "m.matched DESC, m.score DESC, m.date DESC NULLS LAST, m.id DESC"
        return "m.date DESC NULLS LAST, m.id DESC"

    def search(self, query: SearchQuery) -> SearchResults:
        results = SearchResults(query=query, backend=self.name)
        matching, matching_params = self.matching_sql(query)
        filters, filter_params = self._facet_filters(query)
        clauses = len(query.parsed.clauses)
        sql = (
            f"WITH m AS MATERIALIZED ({matching}) "  # noqa: S608 — placeholders and constants only
            "SELECT m.id, m.score, count(*) OVER () AS total, "
            "sum(CASE WHEN m.matched >= %s THEN 1 ELSE 0 END) OVER () AS all_total "
            f"FROM m WHERE {filters} ORDER BY {self._order_sql(query)} LIMIT %s OFFSET %s"
        )
        params = [*matching_params, clauses, *filter_params, query.per_page, query.offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            if rows:
                results.total = rows[0][2]
                results.all_clauses_total = int(rows[0][3] or 0) if clauses > 1 else None
            elif query.offset:
                cursor.execute(
                    f"WITH m AS MATERIALIZED ({matching}) "  # noqa: S608 — placeholders and constants only
                    "SELECT count(*), sum(CASE WHEN m.matched >= %s THEN 1 ELSE 0 END) "
                    f"FROM m WHERE {filters}",
                    [*matching_params, clauses, *filter_params],
                )
                total, all_total = cursor.fetchone()
                results.total = total or 0
                results.all_clauses_total = int(all_total or 0) if clauses > 1 else None
        results.hits = self._hits(query, [(row[0], row[1]) for row in rows])
        if query.with_facets:
            results.facet_counts = self._cached_facet_counts(query, matching, matching_params)
        return results

    def _hits(self, query: SearchQuery, ranked: list[tuple[int, float]]) -> list[Hit]:
        if not ranked:
            return []
        ids = [pk for pk, _score in ranked]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, type, title, url, territory_name, territory_slug, date, "  # noqa: S608 — placeholders and constants only
                "content_type_id, object_id, substr(text, 1, %s) "
                f"FROM search_searchdocument WHERE id IN ({_placeholders(ids)})",
                [snippets.MAX_SCAN_CHARS, *ids],
            )
            rows = {
                row[0]: dict(
                    zip(
                        ["id", "type", "title", "url", "territory_name", "territory_slug",
                         "date", "content_type_id", "object_id", "text"],
                        row,
                        strict=True,
                    )
                )
                for row in cursor.fetchall()
            }
        stems = self.query_stems(query)
        headlines = self.headlines(query, rows) if stems else {}
        hits = []
        for pk, score in ranked:
            row = rows.get(pk)
            if row is None:
                continue
            snippet = headlines.get(pk) or snippets.snippet(row["text"], stems)
            hits.append(
                Hit(
                    id=pk, type=row["type"], title=row["title"], url=row["url"],
                    territory_name=row["territory_name"], territory_slug=row["territory_slug"],
                    date=self._as_datetime(row["date"]), snippet=mark_safe(snippet),  # noqa: S308
                    title_html=snippets.highlight(row["title"], stems),
                    score=float(score or 0), content_type_id=row["content_type_id"],
                    object_id=row["object_id"],
                )
            )
        return hits

    @staticmethod
    def _as_datetime(value):
        if value is None or not isinstance(value, str):
            return value
        from django.db.models import DateTimeField

        return DateTimeField().to_python(value)

    def _cached_facet_counts(self, query, matching, matching_params):
        key_source = json.dumps(
            [self.name, query.text, sorted(query.visibility), query.active_filters(),
             str(query.since)],
            sort_keys=True,
        )
        key = (f"search:facets:{index_version()}:"
               f"{hashlib.sha256(key_source.encode()).hexdigest()[:40]}")
        counts = cache.get(key)
        if counts is None:
            counts = self._facet_counts(query, matching, matching_params)
            cache.set(key, counts, FACETS_CACHE_SECONDS)
        return counts

    def _facet_counts(self, query, matching, matching_params) -> dict[str, dict[str, int]]:
        from search.backends.base import FACET_PARAMS

        selected = sorted(query.active_filters())
        parts, params = [], []
        unselected = [param for param in FACET_PARAMS if param not in selected]
        if unselected:
            filters, filter_params = self._facet_filters(query)
            parts.append(
                "SELECT f.param, f.value, count(*) FROM search_searchfacet f "  # noqa: S608 — placeholders and constants only
                "JOIN m ON m.id = f.document_id "
                f"WHERE f.param IN ({_placeholders(unselected)}) AND {filters} "
                "GROUP BY f.param, f.value"
            )
            params += [*unselected, *filter_params]
        for param in selected:
            filters, filter_params = self._facet_filters(query, exclude=param)
            parts.append(
                "SELECT f.param, f.value, count(*) FROM search_searchfacet f "  # noqa: S608 — placeholders and constants only
                "JOIN m ON m.id = f.document_id "
                f"WHERE f.param = %s AND {filters} GROUP BY f.param, f.value"
            )
            params += [param, *filter_params]
        sql = f"WITH m AS MATERIALIZED ({matching}) " + " UNION ALL ".join(parts)
        counts: dict[str, dict[str, int]] = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, [*matching_params, *params])
            for param, value, count in cursor.fetchall():
                counts.setdefault(param, {})[value] = count
        return counts

    # --- index maintenance ------------------------------------------------------------------

    def index(self, documents: Iterable) -> None:
        bump_version()

    def delete(self, document_ids: Iterable[int]) -> None:
        bump_version()

    def rebuild(self, progress=None) -> int:
        bump_version()
        from search.models import SearchDocument

        return SearchDocument.objects.count()

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
