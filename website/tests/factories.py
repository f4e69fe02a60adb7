"""Content pages under the home page."""

import factory

from tests.factories import PageFactory
from website.models import ContentPage, HomePage


class ContentPageFactory(PageFactory):
    class Meta:
        model = ContentPage

    title = factory.Sequence(lambda n: f"Page de contenu {n}")
    intro = "Texte"

    @classmethod
    def default_parent(cls, fields):
        return HomePage.objects.first()
