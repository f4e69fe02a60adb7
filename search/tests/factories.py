"""Content whose texts the search tests know (``search.tests.world`` and the indexing tests):
sheets, an event and a content page with the words they search for and nothing more."""

from datetime import timedelta

import factory
from django.utils import timezone

from events.tests.factories import EventFactory
from practices.tests.factories import PracticeSheetFactory
from website.tests.factories import ContentPageFactory


class SearchSheetFactory(PracticeSheetFactory):
    slug = factory.Sequence(lambda n: f"fiche-recherche-{n}")
    summary = "Une action d’un territoire."
    context = "<p>Contexte de l’action.</p>"
    actions = factory.LazyFunction(lambda: [("paragraph", "<p>Ce qui a été fait.</p>")])


class SearchEventFactory(EventFactory):
    """In ten days, two hours long."""

    slug = factory.Sequence(lambda n: f"evenement-recherche-{n}")
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    online_link = "https://visio.example.org/salle"


class SearchContentPageFactory(ContentPageFactory):
    slug = factory.Sequence(lambda n: f"page-recherche-{n}")
