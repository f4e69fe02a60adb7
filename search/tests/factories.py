"""Content whose texts the search tests know (``search.tests.world`` and the indexing tests):
sheets, an event and a content page with the words they search for and nothing more; rows of
the search table written directly; saved searches."""

from datetime import UTC, datetime, timedelta

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from events.tests.factories import EventFactory
from practices.tests.factories import PracticeSheetFactory
from search import backends
from search.models import SavedSearch, SearchDocument
from tests.factories import UserFactory
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


class SearchDocumentFactory(factory.django.DjangoModelFactory):
    """A row of the search table, written directly (no source object behind it) and indexed by
    the database backend (``indexed=False``: not). ``extra_facets`` join its type's facet."""

    class Meta:
        model = SearchDocument
        skip_postgeneration_save = True

    class Params:
        extra_facets = factory.LazyFunction(dict)

    content_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(SearchDocument))
    object_id = factory.LazyFunction(lambda: SearchDocument.objects.count() + 1000)
    type = "fiche"
    title = factory.Sequence(lambda n: f"Document {n}")
    text = ""
    url = factory.LazyAttribute(lambda document: f"/contenu/{document.object_id}/")
    facets = factory.LazyAttribute(
        lambda document: {"type": [document.type], **document.extra_facets}
    )
    visibility = "public"
    date = datetime(2026, 1, 5, tzinfo=UTC)
    year = factory.LazyAttribute(lambda document: document.date.year)

    @factory.post_generation
    def indexed(self, create, extracted, **kwargs):
        if create and extracted is not False:
            backends.get_database_backend().index([self])


class SavedSearchFactory(factory.django.DjangoModelFactory):
    """A daily saved search « Maraudes », created ``created_at`` (set after the row is saved)."""

    class Meta:
        model = SavedSearch
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    name = "Maraudes"
    query_string = "q=maraudes"
    frequency = "daily"

    @factory.post_generation
    def created_at(self, create, extracted, **kwargs):
        if create and extracted is not None:
            SavedSearch.objects.filter(pk=self.pk).update(created_at=extracted)
            self.refresh_from_db()
