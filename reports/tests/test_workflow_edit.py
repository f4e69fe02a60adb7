"""The report's form (reports:edit): French numbers, checks by kind of value, errors in
French at the top and on each field with nothing lost, quarters, the scaled-back flag, who may
open it."""

# ruff: noqa: F811 - the fixtures are imported, then asked for by name

from decimal import Decimal

import pytest
from django.urls import reverse

from reports.models import Report, ReportEvent
from reports.tests.factories import ReportFactory
from reports.tests.test_workflow_index import html, world  # noqa: F401 - fixture
from reports.workflow.forms import format_decimal, parse_decimal

pytestmark = pytest.mark.django_db

URL = "/bilans/aville/2025/saisir/"


@pytest.fixture
def draft(world):
    return ReportFactory(territory=world["own"], values={"droits-ouverts": 12})


def values(report) -> dict:
    return {
        (v.indicator.slug, v.quarter): v.value for v in report.values.select_related("indicator")
    }


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1 234,5", Decimal("1234.5")),
        ("1\u00a0234", Decimal("1234")),
        ("1\u202f234,50", Decimal("1234.50")),
        ("0.5", Decimal("0.5")),
        (" 12 ", Decimal("12")),
        ("", None),
    ],
)
def test_french_numbers_are_read(text, number):
    assert parse_decimal(text) == number


@pytest.mark.parametrize("text", ["abc", "1,2,3", "1.234,5", "12 %", "--1"])
def test_what_is_no_number(text):
    with pytest.raises(ValueError):
        parse_decimal(text)


def test_numbers_are_shown_the_french_way():
    assert format_decimal(Decimal("1234.50")) == "1234,5"
    assert format_decimal(Decimal("120.00")) == "120"
    assert format_decimal(None) == ""


def test_the_form_is_grouped_by_family_and_filled_with_the_report(client, world, draft):
    assert reverse("reports:edit", args=["aville", 2025]) == URL
    client.force_login(world["member"])
    body = html(client.get(URL))
    assert "<h1>Saisir le bilan 2025 — Aville</h1>" in body
    assert '<legend class="fr-fieldset__legend" id="indicateur-droits-ouverts-legende">' in body
    assert 'name="droits-ouverts__valeur"' in body and 'value="12"' in body
    assert 'name="personnes-contactees__t4"' in body  # the quarterly indicator
    assert 'name="droits-ouverts__t1"' not in body
    assert "Les définitions des indicateurs" in body
    assert "(Optionnel)" not in body and "Source (facultatif)" in body


def test_saving_french_values_quarters_and_the_scaled_back_flag(client, world, draft):
    client.force_login(world["member"])
    data = {
        "droits-ouverts__valeur": "1 234",
        "droits-ouverts__source": "Tableau de suivi",
        "taux-droits-ouverts__valeur": "45,5",
        "montant-droits__valeur": "1 234,56",
        "personnes-contactees__valeur": "100",
        "personnes-contactees__t1": "40",
        "personnes-contactees__t3": "60",
        "personnes-contactees__commentaire": "Deux trimestres sans permanence",
        "scaled_back": "on",
        "scaled_back_reason": "Un partenaire s’est retiré.",
    }
    response = client.post(URL, data)
    assert response["Location"] == "/bilans/aville/2025/"
    assert values(draft) == {
        ("droits-ouverts", 0): Decimal("1234"),
        ("taux-droits-ouverts", 0): Decimal("45.5"),
        ("montant-droits", 0): Decimal("1234.56"),
        ("personnes-contactees", 0): Decimal("100"),
        ("personnes-contactees", 1): Decimal("40"),
        ("personnes-contactees", 3): Decimal("60"),
    }
    quarter = draft.values.get(indicator__slug="personnes-contactees", quarter=3)
    assert quarter.comment == "Deux trimestres sans permanence" and quarter.unit == "personnes"
    draft.refresh_from_db()
    assert draft.scaled_back and draft.scaled_back_reason == "Un partenaire s’est retiré."
    assert draft.events.filter(kind=ReportEvent.Kind.EDITED).count() == 1
    # Emptying a field removes the value; unticking clears the reason.
    client.post(URL, {**data, "droits-ouverts__valeur": "", "scaled_back": ""})
    draft.refresh_from_db()
    assert ("droits-ouverts", 0) not in values(draft)
    assert not draft.scaled_back and draft.scaled_back_reason == ""


def test_bad_input_is_explained_in_french_and_kept(client, world, draft):
    client.force_login(world["member"])
    data = {
        "droits-ouverts__valeur": "12,5",  # a count: a whole number
        "taux-droits-ouverts__valeur": "150",
        "montant-droits__valeur": "-3",
        "personnes-reperees__valeur": "beaucoup",
        "personnes-contactees__t2": "1,234",  # not whole
        "droits-ouverts__source": "Ma source",
        "scaled_back": "on",
        "scaled_back_reason": "",
    }
    response = client.post(URL, data)
    assert response.status_code == 400
    body = html(response)
    assert 'role="alert"' in body and "Le bilan n’est pas enregistré" in body
    assert "Cet indicateur compte des droits\u00a0: écrivez un nombre entier" in body
    assert "Un taux est un pourcentage entre 0 et 100." in body
    assert "La valeur ne peut pas être négative." in body
    assert "Écrivez un nombre, par exemple 120 ou 12,5." in body
    assert "Dites en quelques mots pourquoi les ambitions ont été revues." in body
    assert 'href="#id_droits-ouverts__valeur">Droits ouverts — Valeur de l’année' in body
    assert 'aria-invalid="true"' in body
    for typed in ('value="12,5"', 'value="150"', 'value="beaucoup"', 'value="Ma source"'):
        assert typed in body
    assert values(draft) == {("droits-ouverts", 0): Decimal("12")}  # nothing saved


@pytest.mark.parametrize("person", ["other_member", "commissioner", "facilitator", "referent"])
def test_only_the_team_edits_a_draft(client, world, draft, person):
    client.force_login(world[person])
    response = client.get(URL)
    if person == "referent":  # part of the team: may fill it
        assert response.status_code == 200
        return
    assert response.status_code == 403
    body = html(response)
    if person == "facilitator":  # sees the draft, may not fill it
        assert "Seule l’équipe du territoire « Aville » peut saisir son bilan." in body
    else:  # does not even see it
        assert "Ce bilan n’est pas encore validé" in body
    assert client.post(URL, {"droits-ouverts__valeur": "5"}).status_code == 403
    assert values(draft) == {("droits-ouverts", 0): Decimal("12")}


def test_a_sent_report_cannot_be_edited(client, world, draft):
    draft.status = Report.Status.SUBMITTED
    draft.save()
    client.force_login(world["member"])
    response = client.get(URL)
    assert response.status_code == 403
    assert "Ce bilan attend la validation du référent" in html(response)
    assert client.get("/bilans/aville/2026/saisir/").status_code == 404  # never started
