"""The page's hits of the database backends: their display fields, read in one statement for the
page only, their snippets (the engine's headlines, else built in Python from the text) and their
highlighted titles (``DatabaseBackend._hits``)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.utils.safestring import mark_safe

from search import snippets
from search.backends.base import Hit, SearchQuery

COLUMNS = [
    "id",
    "type",
    "title",
    "url",
    "territory_name",
    "territory_slug",
    "date",
    "content_type_id",
    "object_id",
    "text",
]

Headlines = Callable[[SearchQuery, dict[int, dict], snippets.Matcher], dict[int, str]]


def display_rows(ids: list[int]) -> dict[int, dict]:
    """id → the display fields of ``ids`` (``text``: its first ``MAX_SCAN_CHARS`` characters)."""
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, type, title, url, territory_name, territory_slug, date, "  # noqa: S608 — placeholders and constants only
            "content_type_id, object_id, substr(text, 1, %s) "
            f"FROM search_searchdocument WHERE id IN ({placeholders})",
            [snippets.MAX_SCAN_CHARS, *ids],
        )
        return {row[0]: dict(zip(COLUMNS, row, strict=True)) for row in cursor.fetchall()}


def page_hits(
    query: SearchQuery,
    ranked: list[tuple[int, float]],
    stems: frozenset[str],
    headlines: Headlines,
) -> list[Hit]:
    """The hits of ``ranked`` (id, score), in that order; ``headlines`` gives the engine's
    snippets (called only when the query has words)."""
    if not ranked:
        return []
    rows = display_rows([pk for pk, _score in ranked])
    matcher = snippets.Matcher(stems)
    found = headlines(query, rows, matcher) if stems else {}
    hits = []
    for pk, score in ranked:
        row = rows.get(pk)
        if row is None:
            continue
        snippet = found.get(pk) or snippets.snippet(row["text"], stems, matcher=matcher)
        hits.append(
            Hit(
                id=pk,
                type=row["type"],
                title=row["title"],
                url=row["url"],
                territory_name=row["territory_name"],
                territory_slug=row["territory_slug"],
                date=as_datetime(row["date"]),
                snippet=mark_safe(snippet),  # noqa: S308
                title_html=snippets.highlight(row["title"], stems, matcher),
                score=float(score or 0),
                content_type_id=row["content_type_id"],
                object_id=row["object_id"],
            )
        )
    return hits


def as_datetime(value):
    """A date read from the database (SQLite gives ISO strings) as a datetime."""
    if value is None or not isinstance(value, str):
        return value
    from django.db.models import DateTimeField

    return DateTimeField().to_python(value)
