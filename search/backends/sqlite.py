"""SQLite backend: our own FTS5 table ``search_fts`` (created by migration 0002 on SQLite only),
rowid = ``SearchDocument.id``, columns title / extra / body holding the text normalised in
Python (``search.text``: lower case, no diacritics, no stop words, French Snowball stems) at
index time and at query time. Ranking: BM25 with the title weighted 10, the weighted text 4,
the text 1; documents holding all the clauses first. Snippets are built in Python.

``CROSS JOIN`` makes the FTS5 match the outer loop (SQLite keeps the order of a CROSS JOIN):
otherwise the planner may walk the documents by visibility and run the MATCH once per row."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from search import text
from search.backends.base import Hit, SearchQuery
from search.backends.database import DatabaseBackend, _placeholders
from search.query import Clause

BM25_WEIGHTS = (10.0, 4.0, 1.0)
BATCH = 1000


def fts_clause(clause: Clause) -> str:
    """A clause as an FTS5 phrase: stems are [a-z0-9]+ only, so quoting is enough."""
    return '"' + " ".join(clause.stems) + '"'


class SQLiteBackend(DatabaseBackend):
    name = "sqlite-fts5"

    def concat_sql(self, column: str) -> str:
        return f"group_concat({column}, '')"

    def contains_sql(self, column: str) -> str:
        return f"instr({column}, %s) > 0"

    def matching_sql(self, query: SearchQuery) -> tuple[str, list]:
        parsed = query.parsed
        visibility, visibility_params = self._visibility_sql(query)
        excluded = " OR ".join(fts_clause(clause) for clause in parsed.excluded)
        if not parsed.clauses:
            sql = (
                "SELECT d.id AS id, d.date AS date, 0.0 AS head, 0 AS matched, "  # noqa: S608 — placeholders and constants only
                f"d.facet_keys AS keys FROM search_searchdocument d WHERE {visibility}"
            )
            params = list(visibility_params)
            if excluded:
                sql += " AND d.id NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
                params.append(excluded)
            return sql, params
        expression = " OR ".join(fts_clause(clause) for clause in parsed.clauses)
        if excluded:
            expression = f"({expression}) NOT ({excluded})"
        if len(parsed.clauses) > 1:
            matched = " + ".join(
                ["(d.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s))"]
                * len(parsed.clauses)
            )
            matched_params = [fts_clause(clause) for clause in parsed.clauses]
        else:
            matched, matched_params = "1", []
        weights = ", ".join(str(weight) for weight in BM25_WEIGHTS)
        sql = (
            "SELECT * FROM ("  # noqa: S608 — placeholders and constants only
            f"SELECT d.id AS id, d.date AS date, -bm25(search_fts, {weights}) AS head, "
            f"({matched}) AS matched, d.facet_keys AS keys "
            "FROM search_fts CROSS JOIN search_searchdocument d ON d.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s AND {visibility}"
            ") AS x WHERE x.matched >= %s"
        )
        return sql, [*matched_params, expression, *visibility_params, parsed.min_should_match]

    def suggest(self, prefix: str, visibility: Iterable[str], limit: int = 8) -> list[Hit]:
        words = text.words(prefix)[:6]
        if not words:
            return []
        *complete, last = words
        parts = [f'"{text.stem(word)}"' for word in complete if not text.is_stop_word(word)]
        last_options = {f'"{last}" *', f'"{text.stem(last)}" *'}
        parts.append("(" + " OR ".join(sorted(last_options)) + ")")
        expression = "title : (" + " AND ".join(parts) + ")"
        keys = sorted(visibility) or ["public"]
        sql = (
            "SELECT d.id, d.type, d.title, d.url, d.territory_name "  # noqa: S608 — placeholders and constants only
            "FROM search_fts CROSS JOIN search_searchdocument d ON d.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s AND d.visibility IN ({_placeholders(keys)}) "
            "ORDER BY bm25(search_fts, 10.0, 0.0, 0.0), d.date DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, *keys, limit])
            return [
                Hit(id=row[0], type=row[1], title=row[2], url=row[3], territory_name=row[4])
                for row in cursor.fetchall()
            ]

    # --- index maintenance ------------------------------------------------------------------

    @staticmethod
    def _fts_row(document) -> tuple:
        return (
            document.pk,
            text.index_text(document.title),
            text.index_text(document.extra),
            text.index_text(document.text),
        )

    def index(self, documents: Iterable) -> None:
        rows = [self._fts_row(document) for document in documents]
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(
                    "DELETE FROM search_fts WHERE rowid = %s", [(row[0],) for row in rows]
                )
                cursor.executemany(
                    "INSERT INTO search_fts (rowid, title, extra, body) VALUES (%s, %s, %s, %s)",
                    rows,
                )
        super().index(documents)

    def delete(self, document_ids: Iterable[int]) -> None:
        ids = [(pk,) for pk in document_ids]
        if ids:
            with connection.cursor() as cursor:
                cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", ids)
        super().delete(document_ids)

    def rebuild(self, progress=None) -> int:
        from search.models import SearchDocument

        count = 0
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")
            queryset = SearchDocument.objects.only("pk", "title", "extra", "text").order_by("pk")
            batch = []
            for document in queryset.iterator(chunk_size=BATCH):
                batch.append(self._fts_row(document))
                if len(batch) >= BATCH:
                    cursor.executemany(
                        "INSERT INTO search_fts (rowid, title, extra, body) "
                        "VALUES (%s, %s, %s, %s)",
                        batch,
                    )
                    count += len(batch)
                    if progress:
                        progress(len(batch))
                    batch = []
            if batch:
                cursor.executemany(
                    "INSERT INTO search_fts (rowid, title, extra, body) VALUES (%s, %s, %s, %s)",
                    batch,
                )
                count += len(batch)
                if progress:
                    progress(len(batch))
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
        super().rebuild()
        return count
