"""Faceted filtering of the library documents (/bibliotheque/).

URL parameters, the same names as /fiches/ (values are slugs; several values per parameter: OR
within a facet, AND across facets): ``type`` (kind of document), ``origine`` (``officiel`` or
``territoire``), ``public``, ``frein``, ``droit``, ``action``, ``partenaire``, ``territoire``;
plus ``q`` (words in the title and summary).

The facet machinery (terms, counts over the other facets, notices for unknown values) is the
shared one of ``taxonomy.facets`` and ``taxonomy.faceted_filter``, pointed at
``LibraryDocumentPage``. Counts are computed over the
documents the person may see (``library.permissions.visible_documents``), so nobody learns that a
restricted document exists."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy

from taxonomy.faceted_filter import MAX_QUERY_WORDS, FacetedFilter
from taxonomy.facets import BarrierFacet, ForeignKeyFacet, ManyToManyFacet, Term

DOCUMENT_MODEL = "library.LibraryDocumentPage"
ORIGIN_KEYS = {"officiel": "official", "territoire": "territory"}


class DocumentM2MFacet(ManyToManyFacet):
    tagged_model = DOCUMENT_MODEL


class DocumentBarrierFacet(BarrierFacet):
    tagged_model = DOCUMENT_MODEL


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
            Term(key=key, label=str(labels[value]), pk=value) for key, value in ORIGIN_KEYS.items()
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
        DocumentM2MFacet("partenaire", gettext_lazy("Partenaires"), "partners", "taxonomy.Partner"),
        ForeignKeyFacet(
            "territoire", gettext_lazy("Territoires"), "territory", "accounts.Territory"
        ),
    ]


FACET_PARAMS = [facet.param for facet in _facets()]


class DocumentFilter(FacetedFilter):
    """Reads the GET parameters once; unknown values are ignored with a French notice."""

    def __init__(self, data, base_queryset):
        self.data = data
        self.base = base_queryset
        self.facets = _facets()
        self._read_parameters()
        self._read_facets()

    def text_query(self, queryset):
        for word in self.q.split()[:MAX_QUERY_WORDS]:
            queryset = queryset.filter(Q(title__icontains=word) | Q(summary__icontains=word))
        return queryset

    def results(self):
        return self.queryset().order_by("-first_published_at", "-pk")
