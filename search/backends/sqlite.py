"""SQLite backend: our own FTS5 table ``search_fts`` (created by migrations 0002 and 0005 on
SQLite only), rowid = ``SearchDocument.id``, columns title / extra / body holding the text
normalised in Python (``search.text``: lower case, no diacritics, no stop words, French Snowball
stems) at index time and at query time, and ``keys``: one opaque token per visibility key, facet
value and sampling shard of the document (``index_keys``), so that FTS5 alone can count the
documents a person may read that hold the words and the selected facet values. Query words only
ever reach the three text columns. Ranking: BM25 with the title weighted 10, the weighted text 4,
the text 1; documents holding all the clauses first. Snippets are built in Python.

Large matching sets (more than ``EXACT_LIMIT`` documents) are answered with bounded work, see
``SQLiteBackend.bounded_search``: exact totals from FTS5, the page chosen among bounded
candidate windows, facet counts estimated on a uniform sample.

``CROSS JOIN`` makes the FTS5 match the outer loop (SQLite keeps the order of a CROSS JOIN):
otherwise the planner may walk the documents by visibility and run the MATCH once per row."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterable

from django.db import connection

from search import text
from search.backends import bounded
from search.backends.base import Hit, SearchQuery, SearchResults
from search.backends.database import DatabaseBackend, _placeholders, visibility_sql
from search.models import facet_token
from search.query import Clause

BM25_WEIGHTS = (10.0, 4.0, 1.0, 0.0)  # title, weighted text, text, keys
BATCH = 1000
INSERT_FTS = "INSERT INTO search_fts (rowid, title, extra, body, keys) VALUES (%s, %s, %s, %s, %s)"
TEXT_COLUMNS = "{title extra body}"
# Beyond this many combinations of « most of the clauses », the exact search is used.
MAX_COMBINATIONS = 20


def fts_clause(clause: Clause) -> str:
    """A clause as an FTS5 phrase: stems are [a-z0-9]+ only, so quoting is enough."""
    return '"' + " ".join(clause.stems) + '"'


def key_token(key: str) -> str:
    """An opaque FTS5 token for a visibility key, facet token or shard: « k » and 15 hex digits
    (the tokenizer keeps it whole; no stem of a French word looks like it, and query words
    never reach the ``keys`` column anyway)."""
    return "k" + hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:15]


def index_keys(pk: int, visibility: str, facet_keys: str) -> str:
    """The ``keys`` column of a document."""
    tokens = [key_token(f"vis:{visibility}"), key_token(f"shard:{pk % bounded.SHARDS}")]
    tokens += [key_token(f"facet:{token}") for token in (facet_keys or "").split()]
    return " ".join(tokens)


def text_match(expression: str) -> str:
    """An FTS5 expression over the text columns only (never the ``keys`` column)."""
    return f"{TEXT_COLUMNS} : ({expression})"


def _any_key(tokens: Iterable[str]) -> str:
    return "keys : (" + " OR ".join(sorted(set(tokens))) + ")"


class SQLiteBackend(DatabaseBackend):
    name = "sqlite-fts5"

    def concat_sql(self, column: str) -> str:
        return f"group_concat({column}, '')"

    def contains_sql(self, column: str) -> str:
        return f"instr({column}, %s) > 0"

    def matching_sql(self, query: SearchQuery) -> tuple[str, list]:
        parsed = query.parsed
        visibility, visibility_params = visibility_sql(query)
        excluded = " OR ".join(fts_clause(clause) for clause in parsed.excluded)
        if not parsed.clauses:
            sql = (
                "SELECT d.id AS id, d.date AS date, 0.0 AS head, 0 AS matched, "  # noqa: S608 — placeholders and constants only
                f"d.facet_keys AS keys FROM search_searchdocument d WHERE {visibility}"
            )
            params = list(visibility_params)
            if excluded:
                sql += " AND d.id NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
                params.append(text_match(excluded))
            return sql, params
        expression = text_match(" OR ".join(fts_clause(clause) for clause in parsed.clauses))
        if excluded:
            expression = f"({expression}) NOT ({text_match(excluded)})"
        if len(parsed.clauses) > 1:
            matched = " + ".join(
                ["(d.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s))"]
                * len(parsed.clauses)
            )
            matched_params = [text_match(fts_clause(clause)) for clause in parsed.clauses]
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

    # --- bounded work for large matching sets -----------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        results = self.bounded_search(query)
        return results if results is not None else super().search(query)

    def bounded_search(self, query: SearchQuery) -> SearchResults | None:
        """The search with bounded work (``search.backends.bounded``: candidate windows,
        sampled facet counts); None when the exact search (``DatabaseBackend.search``) should
        answer: ``bounded.applies`` says no, or no more than ``bounded.EXACT_LIMIT`` readable
        documents hold the words (the exact search reads them all, whatever the filters).
        Totals are exact: FTS5 alone counts the words, visibility and facet tokens."""
        if not bounded.applies(query, MAX_COMBINATIONS):
            return None
        parsed = query.parsed
        clauses, minimum = parsed.clauses, parsed.min_should_match
        excluded = " OR ".join(fts_clause(clause) for clause in parsed.excluded)

        def words(expression: str, columns: str = TEXT_COLUMNS) -> str:
            matched = f"{columns} : ({expression})"
            return f"({matched}) NOT ({text_match(excluded)})" if excluded else matched

        any_clause = " OR ".join(fts_clause(clause) for clause in clauses)
        every_clause = " AND ".join(fts_clause(clause) for clause in clauses)
        most = " OR ".join(
            "(" + " AND ".join(fts_clause(clause) for clause in combination) + ")"
            for combination in itertools.combinations(clauses, minimum)
        )
        visibility = _any_key(
            key_token(f"vis:{key}") for key in (sorted(query.visibility) or ["public"])
        )
        conditions = {
            param: _any_key(key_token(f"facet:{facet_token(param, value)}") for value in values)
            for param, values in sorted(query.active_filters().items())
        }
        selected = "".join(f" AND {condition}" for condition in conditions.values())
        base = f"({words(most)}) AND {visibility}"
        final = base + selected

        with connection.cursor() as cursor:
            # The exact search reads every document holding the words, whatever the filters.
            base_total = self._count(cursor, base)
            if base_total <= bounded.EXACT_LIMIT:
                return None
            total = self._count(cursor, final) if conditions else base_total
            facet_counts = self._cached_bounded_facets(query) if query.with_facets else None
            broad = broad_total = None
            if query.with_facets and facet_counts is None:
                broad = self._broad_expression(words(most), visibility, conditions)
                broad_total = base_total if len(conditions) < 2 else self._count(cursor, broad)
            results = SearchResults(query=query, backend=self.name, total=total)
            results.hits, results.reachable, every_count = self._bounded_page(
                cursor, query, final, words, any_clause, every_clause, visibility, selected
            )
            if len(clauses) > 1:
                results.all_clauses_total = every_count
                if every_count is None:
                    results.all_clauses_total = self._count(
                        cursor, f"({words(every_clause)}) AND {visibility}{selected}"
                    )
            if broad is not None:
                facet_counts = self._sampled_facets(cursor, query, broad, broad_total)
                self._store_bounded_facets(query, facet_counts)
        if facet_counts is not None:
            results.facet_counts, results.facets_estimated, results.facets_sample = facet_counts
        return results

    @staticmethod
    def _count(cursor, expression: str) -> int:
        cursor.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH %s", [expression])
        return int(cursor.fetchone()[0])

    @staticmethod
    def _broad_expression(matched: str, visibility: str, conditions: dict[str, str]) -> str:
        """Matches missing at most one selected parameter: what classic facet counts need."""
        base = f"({matched}) AND {visibility}"
        if len(conditions) < 2:  # with one parameter selected, every match counts
            return base
        most = " OR ".join(
            "(" + " AND ".join(combination) + ")"
            for combination in itertools.combinations(conditions.values(), len(conditions) - 1)
        )
        return f"{base} AND ({most})"

    def _window(self, cursor, expression: str) -> tuple[dict[int, str], bool]:
        """The ``WINDOW`` most recently indexed matches (FTS5 walks its rowids backwards and
        stops): id → date as text (ISO strings sort like dates; no conversion of each row),
        and whether there were more."""
        cursor.execute(
            "SELECT search_fts.rowid, coalesce(d.date || '', '') "
            "FROM search_fts CROSS JOIN search_searchdocument d ON d.id = search_fts.rowid "
            "WHERE search_fts MATCH %s ORDER BY search_fts.rowid DESC LIMIT %s",
            [expression, bounded.WINDOW + 1],
        )
        rows = cursor.fetchall()
        return dict(rows[: bounded.WINDOW]), len(rows) > bounded.WINDOW

    @staticmethod
    def _among(cursor, expression: str, ids: Iterable[int], score: bool = False) -> dict:
        """Those of ``ids`` matching ``expression`` (with their BM25 score when asked). FTS5
        walks the matches between the smallest and the largest id only; the ``+`` keeps it from
        seeking each id, which would restart the whole query every time."""
        ids = sorted(ids)
        if not ids:
            return {}
        weights = ", ".join(str(weight) for weight in BM25_WEIGHTS)
        column = f"-bm25(search_fts, {weights})" if score else "1"
        cursor.execute(
            f"SELECT rowid, {column} FROM search_fts WHERE search_fts MATCH %s "  # noqa: S608 — constants only
            "AND rowid >= %s AND rowid <= %s AND +rowid IN (SELECT value FROM json_each(%s))",
            [expression, ids[0], ids[-1], json.dumps(ids)],
        )
        return dict(cursor.fetchall())

    def _bounded_page(
        self, cursor, query, final, words, any_clause, every_clause, visibility, selected
    ) -> tuple[list[Hit], int | None, int | None]:
        """(hits, how many results can be paged through or None for all, how many hold every
        clause when the window of those was not full, else None)."""
        clauses = query.parsed.clauses
        minimum = query.parsed.min_should_match
        in_title = f"{{title}} : ({any_clause})"
        every_expression = f"({words(every_clause)}) AND {visibility}{selected}"
        if minimum == 1:
            # One clause in the title is enough to match: the title index alone finds them.
            title_expression = f"({words(any_clause, '{title}')}) AND {visibility}{selected}"
        else:
            title_expression = f"({final}) AND ({in_title})"
        expressions = {
            "e": every_expression,
            "E": f"({every_expression}) AND ({in_title})",
            "w": final,
            "T": title_expression,
        }
        found = bounded.tiers(
            len(clauses) > 1, lambda kind: self._window(cursor, expressions[kind])
        )
        every_count = len(found.every) if len(clauses) > 1 and not found.more_every else None

        def count():
            counted = dict.fromkeys(found.candidates, 0)
            for clause in clauses:
                for pk in self._among(cursor, text_match(fts_clause(clause)), found.candidates):
                    counted[pk] += 1
            return counted

        matched = bounded.clauses_held(found, len(clauses), minimum, count)

        def scores_for(head):
            # BM25 of the same phrases, each once: for documents holding every clause, the
            # (much smaller) set of those gives the same score as any clause.
            holding = [pk for pk in head if matched[pk] == len(clauses)]
            others = [pk for pk in head if matched[pk] < len(clauses)]
            scores = self._among(cursor, text_match(every_clause), holding, score=True)
            scores.update(self._among(cursor, text_match(any_clause), others, score=True))
            return scores

        page = bounded.order_page(query, found.candidates, matched, found.titles, scores_for)
        reachable = len(found.candidates) if found.more else None
        return self._hits(query, page), reachable, every_count

    def _sampled_facets(self, cursor, query, broad: str, broad_total: int):
        """(counts, estimated, sample size): see ``bounded.facet_counts``."""
        shards = bounded.shards_for(broad_total)
        expression = broad
        if shards < bounded.SHARDS:
            sample = _any_key(key_token(f"shard:{number}") for number in range(shards))
            expression = f"{broad} AND {sample}"
        cursor.execute(
            "SELECT d.facet_keys FROM search_fts "
            "CROSS JOIN search_searchdocument d ON d.id = search_fts.rowid "
            "WHERE search_fts MATCH %s",
            [expression],
        )
        return bounded.facet_counts((row[0] for row in cursor.fetchall()), query, shards)

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
            "ORDER BY bm25(search_fts, 10.0, 0.0, 0.0, 0.0), d.date DESC LIMIT %s"
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
            index_keys(document.pk, document.visibility, document.facet_keys),
        )

    def index(self, documents: Iterable) -> None:
        rows = [self._fts_row(document) for document in documents]
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(
                    "DELETE FROM search_fts WHERE rowid = %s", [(row[0],) for row in rows]
                )
                cursor.executemany(
                    INSERT_FTS,
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
            # Emptied by creating it again as its migration made it: ``DELETE FROM`` an FTS5
            # table reads every row back to remove its terms (~15 s at the bench's large size).
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'search_fts'"
            )
            create = cursor.fetchone()[0]
            cursor.execute("DROP TABLE search_fts")
            cursor.execute(create)
            queryset = SearchDocument.objects.only(
                "pk", "title", "extra", "text", "visibility", "facet_keys"
            ).order_by("pk")
            batch = []
            for document in queryset.iterator(chunk_size=BATCH):
                batch.append(self._fts_row(document))
                if len(batch) >= BATCH:
                    cursor.executemany(
                        INSERT_FTS,
                        batch,
                    )
                    count += len(batch)
                    if progress:
                        progress(len(batch))
                    batch = []
            if batch:
                cursor.executemany(
                    INSERT_FTS,
                    batch,
                )
                count += len(batch)
                if progress:
                    progress(len(batch))
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
        super().rebuild()
        return count
