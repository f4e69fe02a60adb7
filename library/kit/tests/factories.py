"""The kit's documents, and result lines as the kit's tests declare them (the sheets:
practices.tests.factories)."""

import factory

from library.tests.factories import LibraryDocumentFactory
from practices.tests.factories import ResultLineFactory


class KitResultLineFactory(ResultLineFactory):
    """A result line of 2025, taken from a follow-up table."""

    period = "2025"
    source = "Tableau de suivi"


class KitDocumentFactory(LibraryDocumentFactory):
    """A document of the evaluation kit, without a file."""

    class Params:
        kind_slug = "kit-evaluation"

    summary = factory.LazyAttribute(lambda document: f"Résumé de « {document.title} ».")
    with_file = False
