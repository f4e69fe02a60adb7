"""Practice sheets as their authors leave them: written in their territory's folder, published or
kept as a draft, with their tags and result lines."""

import factory

from practices.models import PracticeSheetPage, ResultLine, TerritoryFolderPage
from taxonomy.models import ActionType, Audience, Barrier, Benefit, Partner, ResultIndicator
from tests.factories import PageFactory, TerritoryFactory

TAXONOMY = {
    "audiences": Audience,
    "barriers": Barrier,
    "benefits": Benefit,
    "action_types": ActionType,
    "partners": Partner,
}


class PracticeSheetFactory(PageFactory):
    """A sheet in ``territory``'s folder. The vocabularies are lists of slugs
    (``audiences=["jeunes"]``); ``results`` are ``(indicator slug, value)`` pairs, of the period
    « 2024 »; both are in the first revision (and in a draft's row)."""

    class Meta:
        model = PracticeSheetPage

    title = factory.Sequence(lambda n: f"Fiche {n}")
    summary = "Un minibus passe dans les hameaux."
    organisation = "CCAS"
    context = "<p>Contexte</p>"
    actions = factory.LazyFunction(lambda: [("paragraph", "<p>Ce qui a été fait</p>")])
    territory = factory.SubFactory(TerritoryFactory)

    _extras = (*TAXONOMY, "results")

    @classmethod
    def default_parent(cls, fields):
        return TerritoryFolderPage.objects.get(territory=fields["territory"])

    @classmethod
    def prepare(cls, page, results=(), **tags):
        for name, slugs in tags.items():
            getattr(page, name).set(TAXONOMY[name].objects.filter(slug__in=slugs))
        for slug, value in results:
            page.results.add(
                ResultLine(
                    indicator=ResultIndicator.objects.get(slug=slug), value=value, period="2024"
                )
            )


class ResultLineFactory(factory.django.DjangoModelFactory):
    """A result line saved on its own (``indicator_slug=``: the slug of its indicator)."""

    class Meta:
        model = ResultLine

    class Params:
        indicator_slug = "droits-ouverts"

    sheet = factory.SubFactory(PracticeSheetFactory)
    indicator = factory.LazyAttribute(
        lambda line: ResultIndicator.objects.get(slug=line.indicator_slug)
    )
    value = 1
    period = "2024"
    source = ""
