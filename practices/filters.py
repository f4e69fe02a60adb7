"""Faceted filtering of the published practice sheets, shared by the list page (/fiches/), the CSV
export and the feed.

URL parameters (values are slugs, several values per parameter are allowed, OR within a facet and
AND across facets): ``public``, ``frein``, ``droit``, ``action``, ``partenaire``, ``territoire``,
``region``, ``statut``, ``maturite``; plus ``q`` (words searched in title and summary) and ``tri``
(``recent``, ``reprises``, ``titre``).

The facet machinery (terms, counts over the other facets, notices for unknown values, URLs) is
the shared one of ``taxonomy.facets`` and ``taxonomy.faceted_filter``; this module points it at
the sheets, adds their choice facets and sort, and caches the counts over all published sheets."""

from __future__ import annotations

import hashlib

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taxonomy.faceted_filter import FacetedFilter
from taxonomy.facets import BarrierFacet, Facet, ForeignKeyFacet, ManyToManyFacet, Term

SHEET_MODEL = "practices.PracticeSheetPage"

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


def apply_sort(queryset, sort: str):
    if sort == SORT_REUSES:
        return queryset.annotate(reuse_count=Count("reuses", distinct=True)).order_by(
            "-reuse_count", "-first_published_at", "-pk"
        )
    if sort == SORT_TITLE:
        return queryset.order_by("title", "pk")
    return queryset.order_by("-first_published_at", "-pk")


class SheetTagFacet(ManyToManyFacet):
    """A vocabulary tagged on the sheets."""

    tagged_model = SHEET_MODEL


class SheetBarrierFacet(BarrierFacet):
    """The barriers tagged on the sheets (families and their causes)."""

    tagged_model = SHEET_MODEL


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
        SheetTagFacet("public", gettext_lazy("Publics"), "audiences", "taxonomy.Audience"),
        SheetBarrierFacet("frein", gettext_lazy("Freins"), "barriers", "taxonomy.Barrier"),
        SheetTagFacet(
            "droit", gettext_lazy("Droits et prestations"), "benefits", "taxonomy.Benefit"
        ),
        SheetTagFacet(
            "action", gettext_lazy("Types d’action"), "action_types", "taxonomy.ActionType"
        ),
        SheetTagFacet("partenaire", gettext_lazy("Partenaires"), "partners", "taxonomy.Partner"),
        ForeignKeyFacet(
            "territoire", gettext_lazy("Territoires"), "territory", "accounts.Territory"
        ),
        ForeignKeyFacet("region", gettext_lazy("Régions"), "territory__region", "accounts.Region"),
        ChoiceFacet("statut", gettext_lazy("État de l’action"), "action_status", "ActionStatus"),
        ChoiceFacet("maturite", gettext_lazy("Maturité"), "maturity", "Maturity"),
    ]


FACET_PARAMS = [facet.param for facet in _facets()]


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
