"""Bounded work for large matching sets, shared by the two database backends.

The exact search (``DatabaseBackend.search``) reads every readable document holding the words:
its cost grows with their number. Above ``EXACT_LIMIT`` of them, each backend answers with work
that does not (``bounded_search``):

- the page is chosen among *candidates*: the ``WINDOW`` most recently indexed documents of each
  tier — holding every clause with a title match, holding every clause, then (when that tier is
  not full) holding most clauses with a title match, and holding most clauses — ordered by
  clauses held, title match, relevance among the first ``RERANK_DEPTH``, date. Pages beyond the
  candidates are announced, not offered (``SearchResults.reachable``);
- facet counts come from every match missing at most one selected parameter when they are no
  more than ``SAMPLE``; otherwise from whole *shards* (``id % SHARDS``) holding about ``SAMPLE``
  of them, each count scaled by the sampling rate (``SearchResults.facets_estimated``). The
  shards are the same at every call: a shared address shows the same numbers.

Totals stay exact on SQLite (FTS5 counts alone); see each backend for what it can count."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from search.backends import database
from search.backends.base import SORT_DATE, SearchQuery
from search.backends.database import count_facets
from search.models import facet_token

EXACT_LIMIT = 2000
WINDOW = 500
SAMPLE = 1000
SHARDS = 64


def applies(query: SearchQuery, max_combinations: int) -> bool:
    """Whether a search may take the bounded path: words to match, no alert (``since``), sorted
    by relevance, and « most of the clauses » writable as at most ``max_combinations`` ANDs."""
    parsed = query.parsed
    if not parsed.clauses or query.since is not None or query.sort == SORT_DATE:
        return False
    return math.comb(len(parsed.clauses), parsed.min_should_match) <= max_combinations


def shards_for(total: int) -> int:
    """How many of the ``SHARDS`` shards to read for about ``SAMPLE`` of ``total`` matches."""
    if total <= SAMPLE:
        return SHARDS
    return max(1, min(SHARDS, math.ceil(SHARDS * SAMPLE / total)))


def facet_counts(
    keys: Iterable[str], query: SearchQuery, shards: int
) -> tuple[dict[str, dict[str, int]], bool, int]:
    """(counts, estimated, how many matches were read) from the facet strings of the matches
    missing at most one selected parameter (or of ``shards`` shards of them): classic faceted
    counts, scaled by ``SHARDS / shards`` when that is a sample."""
    selected = {
        param: [f" {facet_token(param, value)} " for value in values]
        for param, values in sorted(query.active_filters().items())
    }
    groups: dict[str | None, list[str]] = {}
    read = 0
    for string in keys:
        string = string or ""
        missing = [
            param
            for param, tokens in selected.items()
            if not any(token in string for token in tokens)
        ]
        if len(missing) <= 1:
            groups.setdefault(missing[0] if missing else None, []).append(string)
            read += 1
    counts = count_facets([(" ".join(strings), failed) for failed, strings in groups.items()])
    if shards >= SHARDS:
        return counts, False, read
    scale = SHARDS / shards
    estimated = {
        param: {value: max(1, round(count * scale)) for value, count in values.items()}
        for param, values in counts.items()
    }
    return estimated, True, read


@dataclass
class Tiers:
    """The candidates of a bounded search, from the windows of its tiers (``tiers``)."""

    candidates: dict[int, str] = field(default_factory=dict)  # id → date as sortable text
    titles: set[int] = field(default_factory=set)  # the candidates matching in their title
    every: dict[int, str] = field(default_factory=dict)  # the candidates holding every clause
    more_every: bool = False  # the window of those was full: the other tiers are left out
    more: bool = False  # more matches than candidates: pages beyond them are not offered


def tiers(several: bool, window: Callable[[str], tuple[dict[int, str], bool]]) -> Tiers:
    """The candidates from ``window(kind)``: the ``WINDOW`` most recently indexed matches of a
    tier (id → date as sortable text), and whether there were more. The tiers: « E » every
    clause with a title match and « e » every clause (with ``several`` clauses only), then,
    unless the window of « e » is full (they would come after more results than can be paged
    through), « w » most of the clauses and « T » most of the clauses with a title match."""
    found = Tiers()
    if several:
        found.every, found.more_every = window("e")
        every_titles, _more = window("E")
        found.candidates.update(found.every)
        found.candidates.update(every_titles)
        found.titles.update(every_titles)
        found.every.update(every_titles)
    if found.more_every:
        found.more = True
        return found
    final, found.more = window("w")
    found.candidates.update(final)
    title_window, _more = window("T")
    found.candidates.update(title_window)
    found.titles.update(title_window)
    return found


def clauses_held(
    found: Tiers, clauses: int, minimum: int, count: Callable[[], dict[int, int]]
) -> dict[int, int]:
    """How many of the ``clauses`` each candidate holds. One clause: 1. Otherwise, when every
    candidate holds either all of them or ``minimum`` (all but one are enough to match), or all
    of them (a full first tier), whether it is in ``found.every`` tells; else ``count()``
    (id → clauses held) reads it."""
    if clauses == 1:
        return dict.fromkeys(found.candidates, 1)
    if clauses - minimum > 1 and not found.more_every:
        counted = count()
        return {pk: counted.get(pk, minimum) for pk in found.candidates}
    return {pk: clauses if pk in found.every else minimum for pk in found.candidates}


def order_page(
    query: SearchQuery,
    candidates: dict[int, str],
    matched: dict[int, int],
    titles: set[int],
    scores_for: Callable[[list[int]], dict[int, float]],
) -> list[tuple[int, float]]:
    """The page of (id, score) among ``candidates`` (id → date as sortable text): clauses held,
    title match, then — for the first ``RERANK_DEPTH`` — the relevance score ``scores_for``
    gives, then date and id (most recent first)."""

    def rank(pk, score=0.0):
        return (matched[pk], pk in titles, score, candidates[pk] or "", pk)

    order = sorted(candidates, key=rank, reverse=True)
    per_page = max(query.per_page, 1)
    depth = database.rerank_depth(per_page)
    scores: dict[int, float] = {}
    if query.offset < depth:
        head = order[:depth]
        scores = scores_for(head)
        head.sort(key=lambda pk: rank(pk, scores.get(pk, 0.0)), reverse=True)
        order[:depth] = head
    page = order[query.offset : query.offset + per_page]
    return [(pk, scores.get(pk, 0.0)) for pk in page]


def sortable_date(value) -> str:
    """A date as text that sorts like the dates (the backend's ISO strings, or ISO 8601 of the
    database's UTC datetimes)."""
    if value is None:
        return ""
    return value if isinstance(value, str) else value.isoformat()
