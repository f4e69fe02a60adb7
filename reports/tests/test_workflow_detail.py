"""A report's page (reports:detail) for each role: values, comparison, status, history,
versions, actions; older versions; 404s; queries not growing with the indicators."""

# ruff: noqa: F811 - the fixture is imported, then asked for by name

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import services
from reports.models import Report
from reports.tests.factories import ReportFactory
from reports.tests.test_workflow_index import html, world  # noqa: F401 - fixture
from taxonomy.models import ResultIndicator

pytestmark = pytest.mark.django_db

URL = "/bilans/aville/2025/"


@pytest.fixture
def draft(world):
    ReportFactory(
        territory=world["own"],
        year=2024,
        status=Report.Status.VALIDATED,
        values={"droits-ouverts": 90},
    )
    return ReportFactory(
        territory=world["own"],
        values={"droits-ouverts": 1234, ("personnes-contactees", 2): 40},
    )


def test_the_url(world):
    assert reverse("reports:detail", args=["aville", 2025]) == URL


def test_the_team_sees_the_draft_its_comparison_and_its_actions(client, world, draft):
    client.force_login(world["member"])
    body = html(client.get(URL))
    assert "<h1>Bilan 2025 — Aville</h1>" in body
    assert "Brouillon" in body
    assert "1\u202f234\u00a0droits" in body or "1\u00a0234\u00a0droits" in body
    assert "90\u00a0droits" in body  # last year's validated value
    assert "T2\u00a0:\u00a040\u00a0personnes" in body
    assert "Repérage et prise de contact" in body  # grouped by family
    assert "Saisir les valeurs" in body and "Envoyer pour validation" in body
    assert "Valider le bilan" not in body and "Ouvrir une correction" not in body
    assert "Historique" in body and "Rien n’a encore été fait sur ce bilan." in body
    assert 'href="/bilans/aville/2025/bilan.xlsx"' in body
    assert 'href="/bilans/aville/2025/bilan.csv"' in body


def test_the_referent_sees_the_decision_form_once_sent(client, world, draft):
    client.force_login(world["referent"])
    body = html(client.get(URL))
    assert "Valider le bilan" not in body  # a draft: nothing to decide yet
    draft.status = Report.Status.SUBMITTED
    draft.save()
    body = html(client.get(URL))
    assert "Valider le bilan" in body and "Renvoyer à l’équipe" in body
    assert "Saisir les valeurs" not in body


@pytest.mark.parametrize("person", ["other_member", "commissioner"])
def test_others_see_validated_values_only(client, world, draft, person):
    client.force_login(world[person])
    body = html(client.get(URL))
    assert "1\u202f234" not in body and "1\u00a0234" not in body
    assert "Aucun bilan 2025 validé pour ce territoire pour l’instant." in body
    assert "Commencer le bilan" not in body
    response = client.get(URL, {"version": 1})
    assert response.status_code == 403
    assert "seuls l’équipe du territoire et ses référents la voient" in html(response)


def test_facilitators_see_drafts_without_acting(client, world, draft):
    client.force_login(world["facilitator"])
    body = html(client.get(URL))
    assert "1\u202f234" in body or "1\u00a0234" in body
    assert "Ce que vous pouvez faire" not in body


def test_a_validated_report_is_locked_and_a_correction_keeps_the_old_version(client, world, draft):
    services.submit(draft, world["member"])
    services.validate(draft, world["referent"])
    client.force_login(world["commissioner"])
    body = html(client.get(URL))
    assert "Bilan validé le" in body and "Il est verrouillé" in body
    assert "Ouvrir une correction" not in body
    client.force_login(world["member"])
    assert "Ouvrir une correction" in html(client.get(URL))
    correction = services.open_correction(draft, world["member"], "Doublons retirés")
    services.save_values(
        correction,
        [services.ValueRow(ResultIndicator.objects.get(slug="droits-ouverts").pk, 0, 1100)],
        world["member"],
    )
    body = html(client.get(URL))
    assert "Version 2" in body and "Doublons retirés" in body
    assert "Version validée corrigée" in body  # compared with the version it corrects
    assert "Versions du bilan" in body
    body = html(client.get(URL, {"version": 1}))
    assert "Vous consultez une version antérieure du bilan (version 1)" in body
    assert "Saisir les valeurs" not in body
    client.force_login(world["commissioner"])
    body = html(client.get(URL))  # the validated version until the correction is
    assert "1\u202f234" in body or "1\u00a0234" in body
    assert "Doublons retirés" not in body


def test_not_found(client, world, draft):
    client.force_login(world["member"])
    assert client.get("/bilans/nulle-part/2025/").status_code == 404
    assert client.get(URL, {"version": 9}).status_code == 404
    assert client.get(URL, {"version": "un"}).status_code == 404
    assert client.get("/bilans/aville/1850/").status_code == 404
    body = html(client.get("/bilans/aville/2026/"))
    assert "Le bilan 2026 n’est pas encore commencé." in body
    assert "La campagne des bilans 2026 n’est pas ouverte" in body


def test_anonymous_people_are_sent_to_log_in(client, world, draft):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_queries_do_not_grow_with_the_indicators(client, world, draft):
    client.force_login(world["member"])
    for name in ("member", "referent"):
        client.force_login(world[name])
        _queries(client, URL)
    client.force_login(world["member"])
    small = _queries(client, URL)
    edit_small = _queries(client, URL + "saisir/")
    for number in range(15):
        indicator = ResultIndicator.objects.create(
            label=f"Indicateur ajouté {number}",
            slug=f"ajoute-{number}",
            unit="personnes",
            quarterly=number % 2 == 0,
            is_active=True,
        )
        draft.values.create(indicator=indicator, value=number, unit="personnes")
    assert _queries(client, URL) == small
    assert _queries(client, URL + "saisir/") == edit_small
    assert "Indicateur ajouté 14" in html(client.get(URL))
