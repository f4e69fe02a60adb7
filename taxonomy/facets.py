"""The facets of a filtered list of pages tagged with the shared vocabularies (the practice
sheets of /fiches/, the documents of /bibliotheque/): what a facet is, how it loads its terms,
filters the pages and counts them.

Counts follow classic faceted navigation: the count of a term is the number of pages matching
every *other* facet, plus that term (``taxonomy.faceted_filter`` asks for them). Each facet costs
a fixed number of queries (one to load its vocabulary, one or two aggregates), whatever the number
of pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property


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
        """Number of pages of ``queryset`` per term key."""
        raise NotImplementedError


class ManyToManyFacet(Facet):
    """A vocabulary tagged on pages through a ParentalManyToManyField of ``tagged_model``."""

    tagged_model = ""  # the tagged pages' model ("app_label.ModelName"), given by a subclass

    def __init__(self, param, legend, field_name, model_path):
        self.param = param
        self.legend = legend
        self.field_name = field_name
        self.model_path = model_path

    @cached_property
    def _field(self):
        from django.apps import apps

        return apps.get_model(self.tagged_model)._meta.get_field(self.field_name)

    @property
    def through(self):
        return self._field.remote_field.through

    @property
    def page_column(self):
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
                self.page_column
            )
        )

    def counts(self, queryset, all_terms):
        rows = (
            self.through.objects.filter(**{f"{self.page_column}__in": queryset.values("pk")})
            .order_by()
            .values(self.term_column)
            .annotate(n=Count(self.page_column))
        )
        by_pk = {row[self.term_column]: row["n"] for row in rows}
        return {term.key: by_pk.get(term.pk, 0) for term in all_terms}


class BarrierFacet(ManyToManyFacet):
    """Two levels: a family matches the pages tagged with it or with any of its barriers."""

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
            self.through.objects.filter(**{f"{self.page_column}__in": queryset.values("pk")})
            .order_by()
            .annotate(family=family)
            .values("family")
            .annotate(n=Count(self.page_column, distinct=True))
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
    """Territory and region: a foreign key of the page (or of its territory)."""

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
