"""Faceted filtering of the library documents (/bibliotheque/).

URL parameters, the same names as /fiches/ (values are slugs; several values per parameter: OR
within a facet, AND across facets): ``type`` (kind of document), ``origine`` (``officiel`` or
``territoire``), ``public``, ``frein``, ``droit``, ``action``, ``partenaire``, ``territoire``;
plus ``q`` (words in the title and summary).

The facet machinery (terms, counts over the other facets, notices for unknown values) is the one
of ``practices.filters``, pointed at ``LibraryDocumentPage``. Counts are computed over the
documents the person may see (``library.permissions.visible_documents``), so nobody learns that a
restricted document exists."""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practices.filters import (
    MAX_QUERY_LENGTH,
    MAX_QUERY_WORDS,
    MAX_VALUES_PER_PARAM,
    NOTICE_VALUE_MAX_LENGTH,
    ActiveFilter,
    BarrierFacet,
    FacetView,
    ForeignKeyFacet,
    ManyToManyFacet,
    Term,
    facet_view,
)

ORIGIN_KEYS = {"officiel": "official", "territoire": "territory"}


class DocumentM2MFacet(ManyToManyFacet):
    @cached_property
    def _field(self):
        from library.models import LibraryDocumentPage

        return LibraryDocumentPage._meta.get_field(self.field_name)


class DocumentBarrierFacet(BarrierFacet):
    @cached_property
    def _field(self):
        from library.models import LibraryDocumentPage

        return LibraryDocumentPage._meta.get_field(self.field_name)


class KindFacet(ForeignKeyFacet):
    def load_terms(self):
        from taxonomy.models import DocumentKind

        return [
            Term(key=slug, label=label, pk=pk)
            for pk, slug, label in DocumentKind.objects.order_by("position", "label").values_list(
                "pk", "slug", "label"
            )
        ]


class OriginFacet:
    param = "origine"
    legend = gettext_lazy("Origine")

    def load_terms(self):
        from library.models import LibraryDocumentPage

        labels = dict(LibraryDocumentPage.Origin.choices)
        return [
            Term(key=key, label=str(labels[value]), pk=value)
            for key, value in ORIGIN_KEYS.items()
        ]

    def filter_q(self, terms, all_terms):
        return Q(origin__in=[term.pk for term in terms])

    def counts(self, queryset, all_terms):
        rows = queryset.order_by().values("origin").annotate(n=Count("pk"))
        by_value = {row["origin"]: row["n"] for row in rows}
        return {term.key: by_value.get(term.pk, 0) for term in all_terms}


def _facets():
    return [
        KindFacet("type", gettext_lazy("Types de document"), "kind", "taxonomy.DocumentKind"),
        OriginFacet(),
        DocumentM2MFacet("public", gettext_lazy("Publics"), "audiences", "taxonomy.Audience"),
        DocumentBarrierFacet("frein", gettext_lazy("Freins"), "barriers", "taxonomy.Barrier"),
        DocumentM2MFacet(
            "droit", gettext_lazy("Droits et prestations"), "benefits", "taxonomy.Benefit"
        ),
        DocumentM2MFacet(
            "action", gettext_lazy("Types d’action"), "action_types", "taxonomy.ActionType"
        ),
        DocumentM2MFacet(
            "partenaire", gettext_lazy("Partenaires"), "partners", "taxonomy.Partner"
        ),
        ForeignKeyFacet(
            "territoire", gettext_lazy("Territoires"), "territory", "accounts.Territory"
        ),
    ]


FACET_PARAMS = [facet.param for facet in _facets()]


class DocumentFilter:
    """Reads the GET parameters once; unknown values are ignored with a French notice."""

    def __init__(self, data, base_queryset):
        self.data = data
        self.base = base_queryset
        self.facets = _facets()
        self.notices: list[str] = []
        self._terms: dict[str, list[Term]] = {}
        self.q = " ".join((data.get("q") or "").split())[:MAX_QUERY_LENGTH]
        self.selected = {facet.param: self._read_facet(facet) for facet in self.facets}

    def _notice(self, message):
        if message not in self.notices:
            self.notices.append(message)

    def terms(self, facet):
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
                shown = value
                if len(shown) > NOTICE_VALUE_MAX_LENGTH:
                    shown = shown[: NOTICE_VALUE_MAX_LENGTH - 1] + "…"
                self._notice(
                    _("Le filtre « %(value)s » n’existe pas : il a été ignoré.") % {"value": shown}
                )
            else:
                selected.append(term)
        return selected

    @property
    def is_filtered(self):
        return bool(self.q) or any(self.selected.values())

    def queryset(self, exclude_param=None):
        queryset = self.base
        for word in self.q.split()[:MAX_QUERY_WORDS]:
            queryset = queryset.filter(Q(title__icontains=word) | Q(summary__icontains=word))
        for facet in self.facets:
            terms = self.selected[facet.param]
            if terms and facet.param != exclude_param:
                queryset = queryset.filter(facet.filter_q(terms, self.terms(facet)))
        return queryset

    def results(self):
        return self.queryset().order_by("-first_published_at", "-pk")

    def facet_views(self) -> list[FacetView]:
        views = []
        for facet in self.facets:
            all_terms = self.terms(facet)
            counts = facet.counts(self.queryset(exclude_param=facet.param), all_terms)
            selected = {term.key for term in self.selected[facet.param]}
            views.append(facet_view(facet, all_terms, counts, selected))
        return views

    def params(self, without=None) -> list[tuple[str, str]]:
        params = []
        if self.q and without != ("q", self.q):
            params.append(("q", self.q))
        for facet in self.facets:
            for term in self.selected[facet.param]:
                if (facet.param, term.key) != without:
                    params.append((facet.param, term.key))
        return params

    def querystring(self, without=None) -> str:
        return urlencode(self.params(without=without))

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
