"""Reports as teams leave them: ``ReportFactory(territory=…, year=2025, values={"droits-ouverts":
120})`` makes a draft with those values (for the whole year); ``status=Report.Status.VALIDATED``
makes it validated (with ``validated_at``)."""

import factory
from django.utils import timezone

from reports.models import Report, ReportingCampaign, ReportValue
from taxonomy.models import ResultIndicator
from tests.factories import TerritoryFactory


class ReportingCampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingCampaign
        django_get_or_create = ("year",)

    year = 2025
    due_on = factory.LazyAttribute(lambda o: timezone.datetime(o.year + 1, 3, 31).date())


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report
        skip_postgeneration_save = True

    territory = factory.SubFactory(TerritoryFactory)
    year = 2025
    status = Report.Status.DRAFT
    validated_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == Report.Status.VALIDATED else None
    )
    submitted_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status != Report.Status.DRAFT else None
    )

    @factory.post_generation
    def values(self, create, extracted, **kwargs):
        """``{slug: value}`` or ``{(slug, quarter): value}``."""
        for key, value in (extracted or {}).items():
            slug, quarter = key if isinstance(key, tuple) else (key, 0)
            indicator = ResultIndicator.objects.get(slug=slug)
            ReportValue.objects.create(
                report=self,
                indicator=indicator,
                quarter=quarter,
                value=value,
                unit=indicator.unit,
                source="Tableau de suivi",
            )
