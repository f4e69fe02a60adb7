"""Library documents (Wagtail pages under /bibliotheque/) with, unless ``with_file=False``, a
first version: a small real file of ``file_kind`` (PDF) whose text is the title."""

import factory

from library.models import LibraryDocumentPage
from library.services import add_version, get_index
from taxonomy.models import DocumentKind
from tests.factories import PageFactory


class LibraryDocumentFactory(PageFactory):
    """An official document, or a territory's (``territory=``); ``kind_slug`` names its kind."""

    class Meta:
        model = LibraryDocumentPage

    class Params:
        kind_slug = "outil"

    title = "Document témoin"
    summary = "Résumé du document témoin."
    kind = factory.LazyAttribute(lambda document: DocumentKind.objects.get(slug=document.kind_slug))
    access = "public"
    territory = None
    origin = factory.LazyAttribute(
        lambda document: "territory" if document.territory else "official"
    )
    with_file = True
    file_kind = "pdf"

    _extras = ("with_file", "file_kind")

    @classmethod
    def default_parent(cls, fields):
        return get_index()

    @classmethod
    def complete(cls, page, with_file=True, file_kind="pdf"):
        if with_file:
            from library.tests.helpers import upload

            add_version(page, upload(file_kind, text=page.title))
