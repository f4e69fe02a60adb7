"""What every faceted list shares (/fiches/, /bibliotheque/): reading the GET parameters once
(values are slugs, several values per parameter are allowed, OR within a facet and AND across
facets; unknown values ignored with a French notice), the ``q`` words searched in the title and
summary, the matching queryset, the facets with their counts (``taxonomy.facets``) as the
templates show them, and the clean URLs of the current search."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q
from django.utils.translation import gettext as _

from taxonomy.facets import BarrierFacet, Term

MAX_VALUES_PER_PARAM = 30
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 10
NOTICE_VALUE_MAX_LENGTH = 60


def apply_text_query(queryset, q: str):
    """Simple search until the search app replaces it: every word must appear (case-insensitive)
    in the title or the summary."""
    for word in (q or "").split()[:MAX_QUERY_WORDS]:
        queryset = queryset.filter(Q(title__icontains=word) | Q(summary__icontains=word))
    return queryset


# --- What the templates get -----------------------------------------------------------------------


@dataclass
class Option:
    key: str
    label: str
    count: int
    selected: bool
    level: int = 0
    input_id: str = ""


@dataclass
class FacetView:
    param: str
    legend: str
    options: list[Option]


def facet_view(facet, all_terms, counts, selected) -> FacetView:
    """The options shown for one facet: terms with matches or ticked (barrier families kept
    when one of their causes is shown), with their counts. Shared by every filtered list."""

    def visible(term):
        return counts.get(term.key, 0) > 0 or term.key in selected

    if isinstance(facet, BarrierFacet):
        pairs = [
            (term, level)
            for term, level in BarrierFacet.tree(all_terms)
            if visible(term) or (level == 0 and any(visible(c) for c in term.children))
        ]
    else:
        pairs = [(term, 0) for term in all_terms if visible(term)]
    options = [
        Option(
            key=term.key,
            label=term.label,
            count=counts.get(term.key, 0),
            selected=term.key in selected,
            level=level,
            input_id=f"filtre-{facet.param}-{term.key}",
        )
        for term, level in pairs
    ]
    return FacetView(param=facet.param, legend=str(facet.legend), options=options)


@dataclass
class ActiveFilter:
    param: str
    key: str
    label: str
    legend: str
    remove_query: str


# --- The filter set -------------------------------------------------------------------------------


class FacetedFilter:
    """What the sheet filter (/fiches/) and the library filter (/bibliotheque/) share: reading
    the GET parameters once (unknown values ignored with a French notice), the matching
    queryset, the facets with their counts, and the clean URLs of the current search.

    A subclass gives ``facets`` (set by its ``__init__`` before ``_read_parameters``) and may
    override ``text_query`` (the ``q`` words), ``extra_params`` (more URL parameters, such as
    the sort) and ``_counts``."""

    data: object
    base: object
    facets: list

    def _read_parameters(self) -> None:
        self.notices: list[str] = []
        self._terms: dict[str, list[Term]] = {}
        self.q = " ".join((self.data.get("q") or "").split())[:MAX_QUERY_LENGTH]
        self.selected: dict[str, list[Term]] = {}

    def _read_facets(self) -> None:
        for facet in self.facets:
            self.selected[facet.param] = self._read_facet(facet)

    # Reading the parameters

    def _notice(self, message):
        if message not in self.notices:
            self.notices.append(message)

    @staticmethod
    def _shown(value):
        value = str(value)
        if len(value) > NOTICE_VALUE_MAX_LENGTH:
            return value[: NOTICE_VALUE_MAX_LENGTH - 1] + "…"
        return value

    def terms(self, facet) -> list[Term]:
        if facet.param not in self._terms:
            self._terms[facet.param] = facet.load_terms()
        return self._terms[facet.param]

    def _read_facet(self, facet):
        values = []
        for value in self.data.getlist(facet.param):
            value = value.strip()
            if value and value not in values:
                values.append(value)
        if not values:
            return []
        by_key = {term.key: term for term in self.terms(facet)}
        selected = []
        for value in values[:MAX_VALUES_PER_PARAM]:
            term = by_key.get(value)
            if term is None:
                self._notice(
                    _("Le filtre « %(value)s » n’existe pas : il a été ignoré.")
                    % {"value": self._shown(value)}
                )
            else:
                selected.append(term)
        return selected

    # Querysets

    @property
    def is_filtered(self):
        return bool(self.q) or any(self.selected.values())

    def text_query(self, queryset):
        return apply_text_query(queryset, self.q)

    def queryset(self, exclude_param=None):
        """The objects matching the text query and every facet except ``exclude_param``."""
        queryset = self.text_query(self.base)
        for facet in self.facets:
            terms = self.selected[facet.param]
            if terms and facet.param != exclude_param:
                queryset = queryset.filter(facet.filter_q(terms, self.terms(facet)))
        return queryset

    # Facets with counts

    def _counts(self, facet, all_terms) -> dict[str, int]:
        return facet.counts(self.queryset(exclude_param=facet.param), all_terms)

    def facet_views(self) -> list[FacetView]:
        views = []
        for facet in self.facets:
            all_terms = self.terms(facet)
            counts = self._counts(facet, all_terms)
            selected = {term.key for term in self.selected[facet.param]}
            views.append(facet_view(facet, all_terms, counts, selected))
        return views

    # URLs

    def extra_params(self, with_sort=True) -> list[tuple[str, str]]:
        return []

    def params(self, without=None, with_sort=True) -> list[tuple[str, str]]:
        """The clean parameters of the current search (unknown values dropped); ``without`` is a
        ``(param, key)`` pair to leave out."""
        params = []
        if self.q and without != ("q", self.q):
            params.append(("q", self.q))
        for facet in self.facets:
            for term in self.selected[facet.param]:
                if (facet.param, term.key) != without:
                    params.append((facet.param, term.key))
        return params + self.extra_params(with_sort=with_sort)

    def querystring(self, without=None, with_sort=True) -> str:
        return urlencode(self.params(without=without, with_sort=with_sort))

    def active_filters(self) -> list[ActiveFilter]:
        active = []
        if self.q:
            active.append(
                ActiveFilter(
                    param="q",
                    key=self.q,
                    label=_("Recherche : %(q)s") % {"q": self.q},
                    legend=_("Mots-clés"),
                    remove_query=self.querystring(without=("q", self.q)),
                )
            )
        for facet in self.facets:
            for term in self.selected[facet.param]:
                active.append(
                    ActiveFilter(
                        param=facet.param,
                        key=term.key,
                        label=term.label,
                        legend=str(facet.legend),
                        remove_query=self.querystring(without=(facet.param, term.key)),
                    )
                )
        return active
