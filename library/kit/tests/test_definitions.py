"""The indicator definitions: loaded by the taxonomy migrations, completed by the demo, validated
in French, editable by administrators only."""

import pytest
from django.core.exceptions import ValidationError

from accounts import roles
from library.kit import demo
from taxonomy.loader import _optional_values, complete_vocabulary, read_vocabularies
from taxonomy.models import Audience, ResultIndicator
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ORIGINAL_SIX = [
    "personnes-reperees",
    "personnes-contactees",
    "personnes-accompagnees",
    "droits-ouverts",
    "montant-droits",
    "professionnels-formes",
]


def test_migrations_give_every_indicator_a_complete_definition():
    slugs = {item["slug"] for item in read_vocabularies()["result_indicators"]}
    assert set(ORIGINAL_SIX) < slugs
    assert {"delai-ouverture-droits", "taux-droits-ouverts"} <= slugs
    indicators = ResultIndicator.objects.filter(slug__in=slugs)
    assert indicators.count() == len(slugs)
    for indicator in indicators:
        for name in ResultIndicator.DEFINITION_FIELDS:
            assert getattr(indicator, name).strip(), (indicator.slug, name)
        indicator.full_clean()  # a complete, valid definition


def test_migrations_take_family_and_value_kind_from_the_file():
    reperees = ResultIndicator.objects.get(slug="personnes-reperees")
    assert reperees.family == ResultIndicator.Family.OUTREACH
    assert reperees.value_kind == ResultIndicator.ValueKind.COUNT and reperees.is_additive
    amount = ResultIndicator.objects.get(slug="montant-droits")
    assert amount.value_kind == ResultIndicator.ValueKind.AMOUNT and amount.unit == "euros"
    rate = ResultIndicator.objects.get(slug="taux-droits-ouverts")
    assert rate.value_kind == ResultIndicator.ValueKind.RATE and not rate.is_additive
    assert ResultIndicator.objects.get(slug="professionnels-formes").family == "partenariats"
    assert "dédoublonnez" in reperees.counting_method


def test_loader_ignores_keys_the_model_has_no_field_for():
    """0002 loads the file with the historical model, which has no definition fields yet."""
    item = {"slug": "x", "label": "X", "unit": "personnes", "definition": "  Une définition. "}
    assert _optional_values(Audience, item) == {}
    assert _optional_values(ResultIndicator, item) == {
        "unit": "personnes",
        "definition": "Une définition.",
    }


def test_completing_fills_empty_fields_and_never_overwrites_edits():
    ResultIndicator.objects.filter(slug="droits-ouverts").update(
        definition="Définition réécrite par la DGCS.", data_source=""
    )
    assert complete_vocabulary(ResultIndicator, "result_indicators") == 0
    indicator = ResultIndicator.objects.get(slug="droits-ouverts")
    assert indicator.definition == "Définition réécrite par la DGCS."
    assert indicator.data_source.startswith("Retours des organismes payeurs")


def test_demo_is_idempotent_and_recreates_a_missing_indicator():
    assert demo.load() == {"created": 0}
    ResultIndicator.objects.filter(slug="delai-ouverture-droits").delete()
    assert demo.load() == {"created": 1}
    recreated = ResultIndicator.objects.get(slug="delai-ouverture-droits")
    assert recreated.unit == "jours" and recreated.definition
    assert recreated.value_kind == ResultIndicator.ValueKind.AVERAGE
    assert demo.load() == {"created": 0}


def test_an_active_indicator_needs_a_complete_definition_in_french():
    indicator = ResultIndicator(slug="nouvel", label="Nouvel indicateur", unit="personnes")
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert set(error.value.message_dict) == set(ResultIndicator.DEFINITION_FIELDS)
    assert "Obligatoire pour un indicateur actif" in error.value.message_dict["definition"][0]
    indicator.is_active = False
    indicator.full_clean()  # a retired indicator may stay incomplete


def _edit_url(indicator):
    from wagtail.admin.admin_url_finder import AdminURLFinder

    return AdminURLFinder().get_edit_url(indicator)


def test_administrators_edit_definitions_in_the_admin(client):
    indicator = ResultIndicator.objects.get(slug="professionnels-formes")
    client.force_login(UserFactory(roles=[roles.DGCS_ADMIN]))
    url = _edit_url(indicator)
    page = client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Mode de calcul" in content and "Source des données" in content
    data = {
        "label": indicator.label,
        "slug": indicator.slug,
        "family": indicator.family,
        "unit": indicator.unit,
        "value_kind": indicator.value_kind,
        "definition": "Professionnels formés au repérage, nouvelle définition.",
        "counting_method": indicator.counting_method,
        "data_source": indicator.data_source,
        "period": indicator.period,
        "description": "",
        "position": indicator.position,
        "is_active": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.definition == "Professionnels formés au repérage, nouvelle définition."

    data["counting_method"] = ""
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error and what was typed
    assert "Obligatoire pour un indicateur actif" in response.content.decode()
    assert "nouvelle définition" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.counting_method


@pytest.mark.parametrize("role", [roles.FACILITATOR, roles.MODERATOR, roles.COMMISSIONER])
def test_other_roles_cannot_edit_definitions(client, role):
    indicator = ResultIndicator.objects.get(slug="professionnels-formes")
    client.force_login(UserFactory(roles=[role]))
    response = client.post(_edit_url(indicator), {"label": "Piraté", "slug": indicator.slug})
    assert response.status_code in (302, 403)
    indicator.refresh_from_db()
    assert indicator.label == "Professionnels formés"


def test_data_migration_completes_an_installation_migrated_before_the_definitions():
    """A database that ran 0002 before the file had definitions and new indicators: 0003 added
    the fields with their defaults, 0004 fills them and creates the missing indicators."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "taxonomy.migrations.0004_fill_result_indicator_definitions"
    )
    ResultIndicator.objects.filter(
        slug__in=["delai-ouverture-droits", "taux-droits-ouverts", "conventions-partage-donnees"]
    ).delete()
    ResultIndicator.objects.update(
        family=ResultIndicator.Family.ACCESS,
        value_kind=ResultIndicator.ValueKind.COUNT,
        definition="",
        counting_method="",
        data_source="",
        period="",
    )
    migration.fill(apps, None)
    reperees = ResultIndicator.objects.get(slug="personnes-reperees")
    assert reperees.family == ResultIndicator.Family.OUTREACH and reperees.definition
    assert ResultIndicator.objects.get(slug="montant-droits").value_kind == "montant"
    rate = ResultIndicator.objects.get(slug="taux-droits-ouverts")
    assert rate.position == 7 and rate.unit == "%" and rate.counting_method
    assert not ResultIndicator.objects.filter(definition="").exists()


def test_administrators_list_and_search_the_indicators(client):
    from django.urls import reverse

    client.force_login(UserFactory(roles=[roles.DGCS_ADMIN]))
    url = reverse("wagtailsnippets_taxonomy_resultindicator:list")
    content = client.get(url).content.decode()
    assert "Conventions de partage de données signées" in content
    assert "Repérage et prise de contact" in content  # the family column
    found = client.get(url, {"q": "conventions"}).content.decode()
    assert "Conventions de partage de données signées" in found
    assert "Professionnels formés" not in found
