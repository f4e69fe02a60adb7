"""Faceted filtering of the published practice sheets, shared by the list page (/fiches/), the CSV
export and the feed.

URL parameters (values are slugs, several values per parameter are allowed, OR within a facet and
AND across facets): ``public``, ``frein``, ``droit``, ``action``, ``partenaire``, ``territoire``,
``region``, ``statut``, ``maturite``; plus ``q`` (words searched in title and summary) and ``tri``
(``recent``, ``reprises``, ``titre``).

Counts follow classic faceted navigation: the count of a term is the number of sheets matching
every *other* facet, plus that term. Each facet costs a fixed number of queries (one to load its
vocabulary, one or two aggregates), whatever the number of sheets."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_VALUES_PER_PARAM = 30
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 10
NOTICE_VALUE_MAX_LENGTH = 60

SORT_RECENT = "recent"
SORT_REUSES = "reprises"
SORT_TITLE = "titre"
SORTS = {
    SORT_RECENT: gettext_lazy("Les plus récentes"),
    SORT_REUSES: gettext_lazy("Les plus reprises"),
    SORT_TITLE: gettext_lazy("Par titre"),
}
DEFAULT_SORT = SORT_RECENT


COUNTS_CACHE_SECONDS = 600
COUNTS_VERSION_KEY = "practices:facets:version"


def counts_version() -> int:
    from django.core.cache import cache

    return cache.get_or_set(COUNTS_VERSION_KEY, 1, None)


def invalidate_counts() -> None:
    """Called when the set of published sheets or their tags change."""
    from django.core.cache import cache

    try:
        cache.incr(COUNTS_VERSION_KEY)
    except ValueError:  # not set yet (or evicted)
        cache.set(COUNTS_VERSION_KEY, 2, None)


def published_sheets():
    """The only sheets ever listed, counted, exported or fed: live and public."""
    from practices.models import PracticeSheetPage

    return PracticeSheetPage.objects.live().public()


def apply_text_query(queryset, q: str):
    """Simple search until the search app replaces it: every word must appear (case-insensitive)
    in the title or the summary."""
    for word in (q or "").split()[:MAX_QUERY_WORDS]:
        queryset = queryset.filter(Q(title__icontains=word) | Q(summary__icontains=word))
    return queryset


def apply_sort(queryset, sort: str):
    if sort == SORT_REUSES:
        return queryset.annotate(reuse_count=Count("reuses", distinct=True)).order_by(
            "-reuse_count", "-first_published_at", "-pk"
        )
    if sort == SORT_TITLE:
        return queryset.order_by("title", "pk")
    return queryset.order_by("-first_published_at", "-pk")


# --- Facets ---------------------------------------------------------------------------------------


@dataclass
class Term:
    """One value of a facet: ``key`` is what the URL carries (a slug or a choice value)."""

    key: str
    label: str
    pk: object = None
    parent_pk: object = None
    children: list[Term] = field(default_factory=list)


class Facet:
    param = ""
    legend = ""

    def load_terms(self) -> list[Term]:
        raise NotImplementedError

    def filter_q(self, terms: list[Term], all_terms: list[Term]) -> Q:
        raise NotImplementedError

    def counts(self, queryset, all_terms: list[Term]) -> dict[str, int]:
        """Number of sheets of ``queryset`` per term key."""
        raise NotImplementedError


class ManyToManyFacet(Facet):
    """A vocabulary tagged on sheets through a ParentalManyToManyField."""

    def __init__(self, param, legend, field_name, model_path):
        self.param = param
        self.legend = legend
        self.field_name = field_name
        self.model_path = model_path

    @cached_property
    def _field(self):
        from practices.models import PracticeSheetPage

        return PracticeSheetPage._meta.get_field(self.field_name)

    @property
    def through(self):
        return self._field.remote_field.through

    @property
    def sheet_column(self):
        return f"{self._field.m2m_field_name()}_id"

    @property
    def term_column(self):
        return f"{self._field.m2m_reverse_field_name()}_id"

    @property
    def model(self):
        from django.apps import apps

        return apps.get_model(self.model_path)

    def load_terms(self):
        return [
            Term(key=slug, label=label, pk=pk)
            for pk, slug, label in self.model.objects.order_by("position", "label").values_list(
                "pk", "slug", "label"
            )
        ]

    def _term_ids(self, terms, all_terms):
        return {term.pk for term in terms}

    def filter_q(self, terms, all_terms):
        ids = self._term_ids(terms, all_terms)
        return Q(
            pk__in=self.through.objects.filter(**{f"{self.term_column}__in": ids}).values(
                self.sheet_column
            )
        )

    def counts(self, queryset, all_terms):
        rows = (
            self.through.objects.filter(**{f"{self.sheet_column}__in": queryset.values("pk")})
            .order_by()
            .values(self.term_column)
            .annotate(n=Count(self.sheet_column))
        )
        by_pk = {row[self.term_column]: row["n"] for row in rows}
        return {term.key: by_pk.get(term.pk, 0) for term in all_terms}


class BarrierFacet(ManyToManyFacet):
    """Two levels: a family matches the sheets tagged with it or with any of its barriers."""

    def load_terms(self):
        from taxonomy.models import Barrier

        terms = [
            Term(key=slug, label=label, pk=pk, parent_pk=parent_id)
            for pk, slug, label, parent_id in Barrier.objects.order_by(
                "position", "label"
            ).values_list("pk", "slug", "label", "parent_id")
        ]
        by_pk = {term.pk: term for term in terms}
        for term in terms:
            if term.parent_pk in by_pk:
                by_pk[term.parent_pk].children.append(term)
        return terms

    def _term_ids(self, terms, all_terms):
        ids = set()
        for term in terms:
            ids.add(term.pk)
            ids.update(child.pk for child in term.children)
        return ids

    def counts(self, queryset, all_terms):
        counts = super().counts(queryset, all_terms)
        family = Coalesce(f"{self._field.m2m_reverse_field_name()}__parent_id", self.term_column)
        rows = (
            self.through.objects.filter(**{f"{self.sheet_column}__in": queryset.values("pk")})
            .order_by()
            .annotate(family=family)
            .values("family")
            .annotate(n=Count(self.sheet_column, distinct=True))
        )
        by_family = {row["family"]: row["n"] for row in rows}
        for term in all_terms:
            if term.parent_pk is None:
                counts[term.key] = by_family.get(term.pk, 0)
        return counts

    @staticmethod
    def tree(terms):
        """Families in order, each followed by its barriers (orphans of a vanished family last)."""
        ordered = []
        seen = set()
        for term in terms:
            if term.parent_pk is None:
                ordered.append((term, 0))
                seen.add(term.pk)
                for child in term.children:
                    ordered.append((child, 1))
                    seen.add(child.pk)
        ordered.extend((term, 1) for term in terms if term.pk not in seen)
        return ordered


class ForeignKeyFacet(Facet):
    """Territory and region: a foreign key of the sheet (or of its territory)."""

    def __init__(self, param, legend, lookup, model_path, label_field="name"):
        self.param = param
        self.legend = legend
        self.lookup = lookup
        self.model_path = model_path
        self.label_field = label_field

    def load_terms(self):
        from django.apps import apps

        model = apps.get_model(self.model_path)
        return [
            Term(key=slug, label=label, pk=pk)
            for pk, slug, label in model.objects.order_by(self.label_field).values_list(
                "pk", "slug", self.label_field
            )
        ]

    def filter_q(self, terms, all_terms):
        return Q(**{f"{self.lookup}__in": [term.pk for term in terms]})

    def counts(self, queryset, all_terms):
        rows = queryset.order_by().values(self.lookup).annotate(n=Count("pk"))
        by_pk = {row[self.lookup]: row["n"] for row in rows}
        return {term.key: by_pk.get(term.pk, 0) for term in all_terms}


class ChoiceFacet(Facet):
    """Action status and maturity: a choice field of the sheet; no query to load the terms."""

    def __init__(self, param, legend, field_name, choices_attr):
        self.param = param
        self.legend = legend
        self.field_name = field_name
        self.choices_attr = choices_attr

    def load_terms(self):
        from practices.models import PracticeSheetPage

        choices = getattr(PracticeSheetPage, self.choices_attr).choices
        return [Term(key=value, label=str(label), pk=value) for value, label in choices]

    def filter_q(self, terms, all_terms):
        return Q(**{f"{self.field_name}__in": [term.key for term in terms]})

    def counts(self, queryset, all_terms):
        rows = queryset.order_by().values(self.field_name).annotate(n=Count("pk"))
        by_value = {row[self.field_name]: row["n"] for row in rows}
        return {term.key: by_value.get(term.key, 0) for term in all_terms}


def _facets():
    return [
        ManyToManyFacet("public", gettext_lazy("Publics"), "audiences", "taxonomy.Audience"),
        BarrierFacet("frein", gettext_lazy("Freins"), "barriers", "taxonomy.Barrier"),
        ManyToManyFacet(
            "droit", gettext_lazy("Droits et prestations"), "benefits", "taxonomy.Benefit"
        ),
        ManyToManyFacet(
            "action", gettext_lazy("Types d’action"), "action_types", "taxonomy.ActionType"
        ),
        ManyToManyFacet("partenaire", gettext_lazy("Partenaires"), "partners", "taxonomy.Partner"),
        ForeignKeyFacet(
            "territoire", gettext_lazy("Territoires"), "territory", "accounts.Territory"
        ),
        ForeignKeyFacet("region", gettext_lazy("Régions"), "territory__region", "accounts.Region"),
        ChoiceFacet("statut", gettext_lazy("État de l’action"), "action_status", "ActionStatus"),
        ChoiceFacet("maturite", gettext_lazy("Maturité"), "maturity", "Maturity"),
    ]


FACET_PARAMS = [facet.param for facet in _facets()]


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


class SheetFilter(FacetedFilter):
    """Reads the GET parameters once, ignores (with a notice) the values that do not exist."""

    def __init__(self, data, base_queryset=None):
        self.data = data
        # Counts over all published sheets are the same for everyone: they are cached, and the
        # cache is invalidated whenever a sheet is published, unpublished, moved or deleted.
        self.cache_counts = base_queryset is None
        self.base = base_queryset if base_queryset is not None else published_sheets()
        self.facets = _facets()
        self._terms_keys: dict[str, str] = {}
        self._read_parameters()
        self._prefetch_terms()
        self.sort = self._read_sort()
        self._read_facets()

    def _read_sort(self):
        sort = (self.data.get("tri") or "").strip()
        if not sort:
            return DEFAULT_SORT
        if sort not in SORTS:
            self._notice(
                _("Le tri « %(value)s » n’existe pas : il a été ignoré.")
                % {"value": self._shown(sort)}
            )
            return DEFAULT_SORT
        return sort

    def terms(self, facet) -> list[Term]:
        if facet.param not in self._terms:
            self._terms[facet.param] = terms = facet.load_terms()
            key = self._terms_keys.get(facet.param)
            if key:
                from website import fragment_cache

                fragment_cache.store_value(key, terms, scopes=("taxonomy", "territories"))
        return self._terms[facet.param]

    def _prefetch_terms(self):
        """The vocabularies (one query per facet) are the same for everyone: read them from the
        cache in one round trip, until a term, territory or region changes (website.cache_rules)."""
        from website import fragment_cache

        if not fragment_cache.enabled():
            return
        for facet in self.facets:
            config = sorted(
                (name, value) for name, value in vars(facet).items() if isinstance(value, str)
            )
            self._terms_keys[facet.param] = fragment_cache.make_key(
                "facet-terms", [type(facet).__qualname__, facet.param, config]
            )
        stored = fragment_cache.get_many(list(self._terms_keys.values()))
        for param, key in self._terms_keys.items():
            if key in stored:
                self._terms[param] = stored[key]

    def results(self):
        return apply_sort(self.queryset(), self.sort)

    def _counts(self, facet, all_terms) -> dict[str, int]:
        if not self.cache_counts:
            return super()._counts(facet, all_terms)
        from django.core.cache import cache

        parts = [self.q] + [
            f"{other.param}={','.join(sorted(t.key for t in self.selected[other.param]))}"
            for other in self.facets
            if other.param != facet.param
        ]
        digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
        key = f"practices:facets:{counts_version()}:{facet.param}:{digest}"
        counts = cache.get(key)
        if counts is None:
            counts = facet.counts(self.queryset(exclude_param=facet.param), all_terms)
            cache.set(key, counts, COUNTS_CACHE_SECONDS)
        return counts

    def extra_params(self, with_sort=True) -> list[tuple[str, str]]:
        if with_sort and self.sort != DEFAULT_SORT:
            return [("tri", self.sort)]
        return []
