"""The bounded search with quoted phrases over large matching sets (``search.backends.bounded``).

One statement reads the matches once, from the GIN index and the rows' short columns only —
phrases as all their words, so that no ``search_vector`` is read — and gives the totals, the
candidate windows of the tiers and the facet sample (``_statement``). Positions are then checked
for the candidates only (``holding``): when the matches are more than the candidates, the
totals are estimated from the share of the most recent matches that hold the phrases
(``results.total_estimated``), and the facet counts are scaled by the same share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from search.backends import bounded, database
from search.backends.base import SearchQuery, SearchResults
from search.backends.database import visibility_sql
from search.backends.postgres import planner
from search.backends.postgres.tsquery import (
    and_query,
    candidates_query,
    exclusion_sql,
    loose_text,
    once,
    or_query,
)

if TYPE_CHECKING:
    from search.backends.postgres.backend import PostgresBackend

# When the matches are more than the candidates: the share of them holding the phrases is read
# on this many of the most recent.
SHARE_SAMPLE = 200


def search(backend: PostgresBackend, cursor, query: SearchQuery) -> SearchResults | None:
    """The results; None when the planner expects no more than ``bounded.EXACT_LIMIT``
    matches (the exact search reads them all)."""
    parsed = query.parsed
    where = _loose_match(query)
    # The exact search reads every match: more than EXACT_LIMIT of them? The planner's
    # estimate (from the index statistics, nothing read) is enough to choose: both answers
    # are right, and the same search always gets the same estimate.
    if planner.estimated_rows(cursor, *where) <= bounded.EXACT_LIMIT:
        return None
    facet_counts = backend._cached_bounded_facets(query) if query.with_facets else None
    want_facets = query.with_facets and facet_counts is None
    cursor.execute(*_statement(backend, query, where, want_facets))
    totals, windows, sample_keys = _read(cursor.fetchall())
    _base, total, every_total, broad_total = totals
    several = len(parsed.clauses) > 1
    results = SearchResults(query=query, backend=backend.name, total=total)
    if several:
        results.all_clauses_total = every_total
    results.hits, results.reachable, phrase_totals = _page(backend, cursor, query, windows)
    # The facet sample read phrases as all their words: scaled like the total.
    share = _phrase_totals(results, phrase_totals, total, every_total, several)
    if want_facets:
        facet_counts = _scaled_facets(sample_keys, query, broad_total, share)
        backend._store_bounded_facets(query, facet_counts)
    if facet_counts is not None:
        results.facet_counts, results.facets_estimated, results.facets_sample = facet_counts
    return results


def _loose_match(query: SearchQuery) -> tuple[str, list]:
    """The condition over ``d`` of the matches, phrases read as all their words."""
    parsed = query.parsed
    visibility, visibility_params = visibility_sql(query)
    exclusion, exclusion_params = exclusion_sql(parsed.excluded)
    most_sql, most_params = candidates_query(parsed.clauses, parsed.min_should_match, loose_text)
    return (
        f"d.search_vector @@ {most_sql} AND {visibility}{exclusion}",
        [*most_params, *visibility_params, *exclusion_params],
    )


def _statement(
    backend: PostgresBackend, query: SearchQuery, where: tuple[str, list], want_facets: bool
) -> tuple[str, list]:
    """The statement over the matches ``m`` (id, date, fails, failed, every, title) giving
    rows (kind, id, date, final, final_every, broad, keys): see ``_parts``."""
    clauses = query.parsed.clauses
    fails, fails_params = backend._fails_sql(query, "d.facet_keys")
    several = len(clauses) > 1
    if several:
        every_sql, every_params = and_query(clauses, loose_text)
        every = (
            "d.id IN (SELECT s.id FROM search_searchdocument s "  # noqa: S608 — placeholders and constants only
            f"WHERE s.search_vector @@ {every_sql})"
        )
    else:
        every, every_params = "TRUE", []
    title_sql, title_params = or_query(clauses, loose_text)
    parts, params = _parts(several, want_facets)
    sql = (
        "WITH m AS MATERIALIZED (SELECT d.id AS id, d.date AS date, "  # noqa: S608 — placeholders and constants only
        f"{fails}, {every} AS every, d.head_vector @@ {once(title_sql)} AS title "
        f"FROM search_searchdocument d WHERE {where[0]}) " + " UNION ALL ".join(parts)
    )
    return sql, [*fails_params, *every_params, *title_params, *where[1], *params]


def _parts(several: bool, want_facets: bool) -> tuple[list[str], list]:
    """The parts of the statement over ``m``, with their params."""
    parts = [
        # 1. Totals: every match, those holding every selected parameter (and every
        #    clause), those missing at most one (what facet counts read).
        "SELECT 'n', CAST(count(*) AS BIGINT), NULL::text, "
        "count(*) FILTER (WHERE fails = 0), count(*) FILTER (WHERE fails = 0 AND every), "
        "count(*) FILTER (WHERE fails <= 1), NULL::text FROM m",
    ]
    params: list = []
    # 2. The windows of the tiers (``bounded.tiers``), one more than the window to tell
    #    whether there were more.
    for kind, condition in (
        ("E", "every AND title"),
        ("e", "every"),
        ("T", "title"),
        ("w", "TRUE"),
    ):
        if not several and kind in "Ee":
            continue
        parts.append(
            f"(SELECT '{kind}', id, CAST(date AS TEXT), NULL::bigint, NULL::bigint, "  # noqa: S608 — constants only
            "NULL::bigint, "
            f"NULL::text FROM m WHERE fails = 0 AND {condition} ORDER BY id DESC LIMIT %s)"
        )
        params.append(bounded.WINDOW + 1)
    if want_facets:
        # 3. The facet strings of the sample, read from the rows of the sample only.
        parts.append(
            "SELECT 'f', d.id, NULL::text, NULL::bigint, NULL::bigint, "  # noqa: S608 — constants only
            "NULL::bigint, d.facet_keys FROM search_searchdocument d WHERE d.id = ANY(ARRAY("
            "SELECT id FROM m WHERE fails <= 1 AND id %% %s < ("
            "SELECT CASE WHEN count(*) <= %s THEN %s ELSE "
            "LEAST(%s, GREATEST(1, CEIL(%s * CAST(%s AS float) / count(*)))) END "
            "FROM m WHERE fails <= 1)))"
        )
        params += [
            bounded.SHARDS,
            bounded.SAMPLE,
            bounded.SHARDS,
            bounded.SHARDS,
            bounded.SHARDS,
            bounded.SAMPLE,
        ]
    return parts, params


def _read(rows) -> tuple[tuple, dict[str, dict[int, str]], list[str]]:
    """(the totals row, the windows: kind → id → date as sortable text, the sample's facet
    strings) from the statement's rows."""
    windows: dict[str, dict[int, str]] = {"E": {}, "e": {}, "T": {}, "w": {}}
    sample_keys: list[str] = []
    totals = None
    for kind, pk, date, final, final_every, broad, keys in rows:
        if kind == "n":
            totals = (pk, final, final_every, broad)
        elif kind == "f":
            sample_keys.append(keys)
        else:
            windows[kind][pk] = bounded.sortable_date(date)
    return totals, windows, sample_keys


def _phrase_totals(
    results: SearchResults, phrase_totals, total: int, every_total: int, several: bool
) -> float:
    """Sets the totals from ``phrase_totals`` (see ``_page``); returns the share of the
    matches holding the phrases."""
    if isinstance(phrase_totals, float):
        results.total = round(total * phrase_totals)
        if several:
            results.all_clauses_total = round(every_total * phrase_totals)
        results.total_estimated = True
        return phrase_totals
    results.total = phrase_totals[0]
    if several:
        results.all_clauses_total = phrase_totals[1]
    return phrase_totals[0] / total if total else 1.0


def _scaled_facets(sample_keys: list[str], query: SearchQuery, broad_total: int, share: float):
    """(counts, estimated, sample size) of the sample, scaled by ``share``."""
    counts, estimated, read = bounded.facet_counts(
        sample_keys, query, bounded.shards_for(broad_total)
    )
    if share != 1.0:
        counts = (
            {
                param: {value: max(1, round(count * share)) for value, count in values.items()}
                for param, values in counts.items()
            }
            if share > 0
            else {}
        )
        estimated = True
    return counts, estimated, read


def _page(backend: PostgresBackend, cursor, query: SearchQuery, windows):
    """(hits, how many results can be paged through or None, phrase totals): (total,
    all-clauses total) when every match was checked, or — more matches than candidates — the
    share of the most recent ones holding the phrases (a float)."""
    clauses = query.parsed.clauses
    minimum = query.parsed.min_should_match

    def take(kind):
        rows = windows[kind]
        kept = dict(sorted(rows.items(), reverse=True)[: bounded.WINDOW])
        return kept, len(rows) > bounded.WINDOW

    found = bounded.tiers(len(clauses) > 1, take)
    final, _more = take("w")
    if found.more:
        counted, reachable, phrase_totals = _check_sample(cursor, query, found, final)
    else:
        counted, phrase_totals = _check_all(cursor, query, found, final)
        reachable = None
    matched = bounded.clauses_held(found, len(clauses), minimum, lambda: counted)
    rerank_sql, rerank_params = backend.rerank_sql(query)

    def scores_for(head):
        cursor.execute(
            f"SELECT d.id, {rerank_sql} FROM search_searchdocument d WHERE d.id = ANY(%s)",  # noqa: S608 — placeholders and constants only
            [*rerank_params, list(head)],
        )
        return dict(cursor.fetchall())

    page = bounded.order_page(query, found.candidates, matched, found.titles, scores_for)
    return backend._hits(query, page), reachable, phrase_totals


def _check_sample(cursor, query: SearchQuery, found: bounded.Tiers, final: dict[int, str]):
    """Too many matches to check them all: the most recent ones (for the share), then the
    candidates in the order of the page (clauses held as words, title, date), as many as the
    page and the reranking need. Keeps in ``found`` the candidates holding the phrases;
    returns (clauses held by each, how many can be paged through, the share)."""
    clauses, minimum = query.parsed.clauses, query.parsed.min_should_match
    candidates, every = found.candidates, found.every
    loose = {
        pk: len(clauses) if pk in every else (minimum if len(clauses) > 1 else 1)
        for pk in candidates
    }
    order = sorted(
        candidates,
        key=lambda pk: (loose[pk], pk in found.titles, candidates[pk], pk),
        reverse=True,
    )
    per_page = max(query.per_page, 1)
    needed = max(database.rerank_depth(per_page), query.offset + per_page)
    recent = sorted(final, reverse=True)[:SHARE_SAMPLE]
    held = holding(cursor, query, [*recent, *order[: 2 * needed]])
    checked = 2 * needed
    while checked < len(order) and sum(1 for pk in order[:checked] if held[pk][0]) < needed:
        held.update(holding(cursor, query, order[checked : checked + 2 * needed]))
        checked += 2 * needed
    share = sum(1 for pk in recent if held[pk][0]) / len(recent) if recent else 0.0
    kept = [pk for pk in order[:checked] if held[pk][0]]
    reachable = len(kept) + round(max(len(order) - checked, 0) * share)
    counted = {pk: sum(1 for flag in held[pk][1:] if flag) for pk in kept}
    found.candidates = {pk: candidates[pk] for pk in kept}
    found.every = {pk: date for pk, date in every.items() if counted.get(pk) == len(clauses)}
    return counted, reachable, share


def _check_all(cursor, query: SearchQuery, found: bounded.Tiers, final: dict[int, str]):
    """Positions and clauses held, read for every candidate (no more than the windows). Keeps
    in ``found`` the candidates holding the phrases; returns (clauses held by each, (total,
    all-clauses total))."""
    clauses = query.parsed.clauses
    held = holding(cursor, query, sorted(set(found.candidates) | set(final)))
    counted = {pk: sum(1 for flag in row[1:] if flag) for pk, row in held.items()}
    kept_ids = {pk for pk, row in held.items() if row[0]}
    final_kept = [pk for pk in final if pk in kept_ids]
    phrase_totals = (
        len(final_kept),
        sum(1 for pk in final_kept if counted[pk] == len(clauses)),
    )
    found.candidates = {pk: date for pk, date in found.candidates.items() if pk in kept_ids}
    found.every = {
        pk: date
        for pk, date in found.every.items()
        if pk in kept_ids and counted[pk] == len(clauses)
    }
    return counted, phrase_totals


def holding(cursor, query: SearchQuery, ids) -> dict[int, tuple[bool, ...]]:
    """For each id: (holds most of the clauses, holds clause 1, clause 2, …), positions
    included — the ``search_vector`` of these documents is read."""
    ids = sorted(set(ids))
    if not ids:
        return {}
    clauses, minimum = query.parsed.clauses, query.parsed.min_should_match
    most_sql, most_params = candidates_query(clauses, minimum)
    columns, params = [f"d.search_vector @@ {once(most_sql)}"], list(most_params)
    for clause in clauses:
        clause_sql, clause_params = or_query([clause])
        columns.append(f"d.search_vector @@ {once(clause_sql)}")
        params += clause_params
    cursor.execute(
        f"SELECT d.id, {', '.join(columns)} FROM search_searchdocument d "  # noqa: S608 — placeholders and constants only
        "WHERE d.id = ANY(%s)",
        [*params, ids],
    )
    return {row[0]: tuple(row[1:]) for row in cursor.fetchall()}
