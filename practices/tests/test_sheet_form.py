"""The sheet form of the admin offers only active vocabulary terms and result indicators, and
keeps, on an existing sheet, the retired ones it already uses."""

import pytest

from practices.models import PracticeSheetPage, ResultLine, TerritoryFolderPage
from practices.tests.factories import PracticeSheetFactory
from taxonomy.models import Barrier, ResultIndicator
from tests.factories import TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def _form(instance, parent):
    form_class = PracticeSheetPage.get_edit_handler().get_form_class()
    return form_class(
        instance=instance, parent_page=parent, for_user=UserFactory(is_superuser=True)
    )


@pytest.fixture
def retired():
    barrier = Barrier.objects.filter(is_active=True).first()
    indicator = ResultIndicator.objects.filter(is_active=True).first()
    Barrier.objects.filter(pk=barrier.pk).update(is_active=False)
    ResultIndicator.objects.filter(pk=indicator.pk).update(is_active=False)
    return barrier, indicator


def test_a_new_sheet_is_offered_active_terms_only(retired):
    barrier, indicator = retired
    territory = TerritoryFactory()
    folder = TerritoryFolderPage.objects.get(territory=territory)
    form = _form(PracticeSheetPage(), folder)
    barriers = form.fields["barriers"].queryset
    assert barrier not in barriers
    assert barriers.count() == Barrier.objects.filter(is_active=True).count() > 0
    blank = form.formsets["results"].empty_form
    indicators = blank.fields["indicator"].queryset
    assert indicator not in indicators
    assert indicators.count() == ResultIndicator.objects.filter(is_active=True).count() > 0


def test_an_older_sheet_keeps_the_retired_terms_it_uses(retired):
    barrier, indicator = retired
    territory = TerritoryFactory()
    sheet = PracticeSheetFactory(territory=territory, title="Un bus des droits")
    sheet.barriers.add(barrier)
    sheet.results.add(ResultLine(indicator=indicator, value=12, period="2024"))
    sheet.save()
    sheet = PracticeSheetPage.objects.get(pk=sheet.pk)
    form = _form(sheet, sheet.get_parent())
    assert barrier in form.fields["barriers"].queryset
    line_form = form.formsets["results"].forms[0]
    assert indicator in line_form.fields["indicator"].queryset
    # A new line of the same sheet is not offered the retired indicator.
    assert indicator not in form.formsets["results"].empty_form.fields["indicator"].queryset
