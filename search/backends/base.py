"""The interface every search backend implements, and what it receives and returns.

A backend answers ``search(SearchQuery) -> SearchResults``, ``suggest(prefix, visibility)``,
and keeps its index in step with the ``SearchDocument`` table through ``index(documents)``,
``delete(document_ids)`` and ``rebuild()``. Permissions are a filter *inside* the query
(``document.visibility IN query.visibility``), so that totals, facet counts, snippets and
suggestions never reveal what the person may not read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.utils.safestring import SafeString

from search import query as query_parser

# URL parameters of the facets, in display order; the values are slugs (taxonomy, territory,
# region), a document type, or a year.
FACET_PARAMS = [
    "type",
    "public",
    "frein",
    "droit",
    "action",
    "partenaire",
    "territoire",
    "region",
    "annee",
]
SORT_RELEVANCE = "pertinence"
SORT_DATE = "date"


@dataclass
class SearchQuery:
    text: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1
    per_page: int = 20
    visibility: frozenset[str] = frozenset({"public"})
    with_facets: bool = True
    sort: str = SORT_RELEVANCE
    # Saved-search alerts: only documents dated at or after this moment.
    since: datetime | None = None

    @cached_property
    def parsed(self) -> query_parser.ParsedQuery:
        return query_parser.parse(self.text)

    @property
    def offset(self) -> int:
        return (max(self.page, 1) - 1) * self.per_page

    def active_filters(self, exclude: str | None = None) -> dict[str, list[str]]:
        return {
            param: values
            for param, values in self.filters.items()
            if values and param != exclude and param in FACET_PARAMS
        }


@dataclass
class Hit:
    id: int  # SearchDocument id
    type: str
    title: str
    url: str
    territory_name: str = ""
    territory_slug: str = ""
    date: datetime | None = None
    snippet: SafeString = SafeString("")
    title_html: SafeString = SafeString("")
    score: float = 0.0
    content_type_id: int | None = None
    object_id: int | None = None

    @property
    def type_label(self) -> str:
        from search.models import DocumentType

        return str(DocumentType(self.type).label) if self.type in DocumentType.values else ""


@dataclass
class SearchResults:
    query: SearchQuery
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    # How many of ``total`` hold every clause (the rest hold most of them); None: not computed.
    all_clauses_total: int | None = None
    # Raw counts filled by the backend: param → {value: count} (classic faceted counts: the
    # count of a value ignores the other values selected for the same parameter).
    facet_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    # param → [(value, label, count)], filled from facet_counts by search.services.
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    # True when ``total`` (and ``all_clauses_total``) are estimates (PostgreSQL, quoted phrases
    # in very large matching sets).
    total_estimated: bool = False
    # True when the facet counts were estimated on a sample of ``facets_sample`` matches.
    facets_estimated: bool = False
    facets_sample: int = 0
    # How many of ``total`` can be paged through (None: all); very large matching sets are
    # answered from bounded candidates (``search.backends.bounded``).
    reachable: int | None = None
    spelling: list[str] = field(default_factory=list)  # near spellings of the whole query
    notices: list[str] = field(default_factory=list)
    backend: str = ""

    @property
    def num_pages(self) -> int:
        per_page = max(self.query.per_page, 1)
        browsable = self.total if self.reachable is None else min(self.total, self.reachable)
        return max(1, -(-browsable // per_page))


class SearchBackend:
    """Base class; ``name`` is shown in logs and in README figures."""

    name = "base"
    is_database = False

    def search(self, query: SearchQuery) -> SearchResults:
        raise NotImplementedError

    def suggest(self, prefix: str, visibility: Iterable[str], limit: int = 8) -> list[Hit]:
        """Documents whose title starts with / contains the words typed (last one a prefix)."""
        raise NotImplementedError

    def index(self, documents: Iterable) -> None:
        """``documents``: saved ``SearchDocument`` rows, new or changed."""
        raise NotImplementedError

    def delete(self, document_ids: Iterable[int]) -> None:
        raise NotImplementedError

    def rebuild(self, progress=None) -> int:
        """Index again every row of the ``SearchDocument`` table; returns the count."""
        raise NotImplementedError

    def vocabulary(self) -> list[str]:
        """Words of the indexed titles, for near-spelling suggestions (optional)."""
        return []
