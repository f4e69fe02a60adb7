"""A sheet's title and organisation lose their direction controls and zero-width characters
whenever the sheet is validated: saved as a draft, saved as a revision, published. (The
Wagtail admin page form goes through the same model methods: see the events test.)"""

import pytest

from practices.models import PracticeSheetPage
from practices.tests.factories import PracticeSheetFactory
from tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("live", [False, True])
def test_sheet_title_and_organisation_without_invisible_characters(live):
    sheet = PracticeSheetFactory(
        territory=TerritoryFactory(name="Fictiville"),
        title="Un bus\u202e des\u200b droits",
        live=live,
    )
    assert (sheet.title, sheet.draft_title) == ("Un bus des droits", "Un bus des droits")
    sheet.organisation = "CCAS\u202e de\u200b Fictiville"
    sheet.title = "Le bus\u2067 des droits"
    revision = sheet.save_revision()
    assert revision.content["title"] == "Le bus des droits"
    assert revision.content["organisation"] == "CCAS de Fictiville"
    revision.publish()
    sheet = PracticeSheetPage.objects.get(pk=sheet.pk)
    assert (sheet.title, sheet.organisation) == ("Le bus des droits", "CCAS de Fictiville")
