import pytest
from django.core.exceptions import ValidationError

from taxonomy.loader import load_vocabularies, read_vocabularies
from taxonomy.models import VOCABULARIES, Audience, Barrier, ResultIndicator

pytestmark = pytest.mark.django_db


def test_every_vocabulary_of_the_yaml_is_loaded():
    data = read_vocabularies()
    for section, model in VOCABULARIES.items():
        expected = {item["slug"] for item in data[section]}
        for item in data[section]:
            expected |= {child["slug"] for child in item.get("children", [])}
        assert set(model.objects.values_list("slug", flat=True)) == expected, section


def test_barriers_keep_their_two_levels():
    families = Barrier.objects.filter(parent__isnull=True)
    assert set(families.values_list("slug", flat=True)) == {
        "non-connaissance",
        "non-demande",
        "non-reception",
        "non-proposition",
    }
    digital = Barrier.objects.get(slug="fracture-numerique")
    assert digital.parent.slug == "non-demande"
    assert str(digital) == "Non-demande › Fracture numérique"


def test_result_indicators_have_units():
    assert ResultIndicator.objects.get(slug="montant-droits").unit == "euros"


def test_loading_again_creates_nothing_and_keeps_edited_labels():
    Audience.objects.filter(slug="jeunes").update(label="Jeunes de 16 à 25 ans")
    assert load_vocabularies(VOCABULARIES) == 0
    assert Audience.objects.get(slug="jeunes").label == "Jeunes de 16 à 25 ans"


def test_barrier_hierarchy_is_validated_in_french():
    family = Barrier.objects.get(slug="non-demande")
    child = Barrier.objects.get(slug="fracture-numerique")
    third_level = Barrier(slug="x", label="X", parent=child)
    with pytest.raises(ValidationError, match="deux niveaux"):
        third_level.clean()
    family.parent = Barrier.objects.get(slug="non-connaissance")
    with pytest.raises(ValidationError, match="a des freins"):
        family.clean()
