"""« 0,5 » ETP is half a full-time equivalent, not five."""

from decimal import Decimal

import pytest

from practices.models import PracticeSheetPage, TerritoryFolderPage
from tests.factories import MembershipFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


def _sheet_form():
    territory = TerritoryFactory(name="Fictiville")
    user = MembershipFactory(territory=territory).user
    folder = TerritoryFolderPage.objects.get(territory=territory)
    form_class = PracticeSheetPage.get_edit_handler().get_form_class()
    return form_class(instance=PracticeSheetPage(), for_user=user, parent_page=folder)


@pytest.mark.parametrize("typed", ["0,5", "0.5", " 0,5 "])
def test_staff_in_full_time_equivalents_reads_a_french_decimal(typed):
    field = _sheet_form().fields["staff_fte"]
    assert field.clean(typed) == Decimal("0.5")
    assert 'inputmode="decimal"' in str(field.widget.render("staff_fte", Decimal("1.5")))
    assert "1,5" in str(field.widget.render("staff_fte", Decimal("1.5")))


def test_a_result_value_reads_a_french_decimal_too():
    results = _sheet_form().formsets["results"]
    assert results.empty_form.fields["value"].clean("12,5") == Decimal("12.5")
