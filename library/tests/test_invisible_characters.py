"""The title of a proposed library document loses its direction controls and zero-width
characters, and so does the name of its file."""

import pytest

from library.models import LibraryDocumentPage
from library.tests.helpers import upload
from library.tests.test_proposal import URL, _data
from tests.factories import MembershipFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


def test_proposed_document_title_without_invisible_characters(
    client, private_media, django_capture_on_commit_callbacks
):
    territory = TerritoryFactory(name="Aville")
    world = {"territory": territory}
    client.force_login(MembershipFactory(territory=territory).user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL,
            _data(
                world, upload("pdf", name="grille\u202efdp.pdf"), title="Notre\u202e grille\u200b"
            ),
        )
    assert response.status_code == 302
    document = LibraryDocumentPage.objects.get(territory=territory)
    assert document.title == "Notre grille"
    revision = document.latest_revision
    assert revision.content["title"] == "Notre grille"
    assert document.versions.get().original_filename == "grillefdp.pdf"
