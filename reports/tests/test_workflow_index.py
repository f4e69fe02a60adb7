"""« Mes bilans » (reports:index) for each role, starting a report (reports:start), the section
of « Mon compte »; the fixtures the other workflow tests import (``world``)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import Membership
from reports.models import Report
from reports.tests.factories import ReportFactory, ReportingCampaignFactory
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def world():
    """Aville (a member, a référent), Bville (its own member), a commissioner, a facilitator,
    a DGCS administrator; the 2025 campaign open."""
    own = TerritoryFactory(name="Aville", slug="aville")
    other = TerritoryFactory(name="Bville", slug="bville")
    return {
        "own": own,
        "other": other,
        "campaign": ReportingCampaignFactory(year=2025),
        "member": MembershipFactory(territory=own, user__email="membre@aville.test").user,
        "referent": MembershipFactory(
            territory=own, role=Membership.Role.REFERENT, user__email="referent@aville.test"
        ).user,
        "other_member": MembershipFactory(territory=other).user,
        "commissioner": UserFactory(roles=["Commissaires"]),
        "facilitator": UserFactory(roles=["Animateurs"], email="animation@test.test"),
        "dgcs": UserFactory(roles=["Administrateurs DGCS"]),
    }


INDEX = "/bilans/"


def test_the_index_is_for_logged_in_people(client, world):
    assert reverse("reports:index") == INDEX
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_member_sees_their_territory_and_starts_the_year(client, world):
    client.force_login(world["member"])
    body = html(client.get(INDEX))
    assert "Aville" in body and "Bville" not in body
    assert "Commencer le bilan 2025" in body
    assert "31 mars 2026" in body  # the campaign's due date
    assert "titre-a-valider" not in body
    start = reverse("reports:start", args=["aville", 2025])
    assert client.get(start).status_code == 405
    response = client.post(start)
    assert response["Location"] == reverse("reports:edit", args=["aville", 2025])
    report = Report.objects.get(territory=world["own"], year=2025)
    assert report.created_by == world["member"]
    client.post(start)  # twice: the same report
    assert Report.objects.filter(territory=world["own"]).count() == 1
    body = html(client.get(INDEX))
    assert "Brouillon" in body and "Ouvrir le bilan 2025" in body


def test_starting_is_refused_to_others_and_for_a_closed_year(client, world):
    start = reverse("reports:start", args=["aville", 2025])
    for person in ("other_member", "commissioner", "facilitator"):
        client.force_login(world[person])
        response = client.post(start)
        assert response.status_code == 403, person
        assert "Seule l’équipe du territoire « Aville » peut saisir son bilan." in html(response)
    client.force_login(world["member"])
    response = client.post(reverse("reports:start", args=["aville", 2019]))
    assert response.status_code == 404
    response = client.post(reverse("reports:start", args=["aville", 2024]))
    assert response.status_code == 403
    assert "La campagne des bilans 2024 n’est pas ouverte" in html(response)
    assert client.post(reverse("reports:start", args=["nulle-part", 2025])).status_code == 404
    assert not Report.objects.exists()


def test_a_referent_sees_what_to_validate_first(client, world):
    ReportFactory(territory=world["own"], status=Report.Status.SUBMITTED)
    ReportFactory(territory=world["other"], status=Report.Status.SUBMITTED)
    client.force_login(world["referent"])
    body = html(client.get(INDEX))
    assert body.index("titre-a-valider") < body.index("titre-mes-territoires")
    assert "Relire et valider" in body and "Bville" not in body
    assert "En attente de validation" in body


def test_people_without_a_team_get_a_plain_empty_state(client, world):
    for person in ("commissioner", "other_member"):
        client.force_login(world[person])
        body = html(client.get(INDEX))
        assert "Aville" not in body
    client.force_login(world["commissioner"])
    assert "Vous ne faites partie d’aucune équipe pour l’instant" in html(client.get(INDEX))


def test_facilitators_see_every_territory_filtered_by_year_and_status(client, world):
    ReportFactory(territory=world["own"], status=Report.Status.VALIDATED)
    ReportFactory(territory=world["other"], year=2024, status=Report.Status.VALIDATED)
    client.force_login(world["facilitator"])
    body = html(client.get(INDEX))
    assert "Tous les territoires" in body and "Aville" in body and "Bville" in body
    assert "Commencer le bilan" not in body
    body = html(client.get(INDEX, {"annee": 2025, "statut": "valide"}))
    assert "Aville" in body and "Bville" not in body
    body = html(client.get(INDEX, {"annee": 2025, "statut": "non-commence"}))
    assert "Aville" not in body and "Bville" in body
    body = html(client.get(INDEX, {"annee": 2025, "statut": "a-reprendre"}))
    assert "Aucun territoire n’a de bilan dans cet état pour cette année." in body
    body = html(client.get(INDEX, {"annee": "n’importe", "statut": "n’importe"}))
    assert "Aville" in body and "Bville" in body  # bad filters are ignored


def test_facilitators_list_is_paginated(client, world):
    for number in range(30):
        TerritoryFactory(name=f"Zville {number:02d}")
    client.force_login(world["dgcs"])
    body = html(client.get(INDEX))
    assert "32 territoires" in body and "Zville 22" in body and "Zville 23" not in body
    body = html(client.get(INDEX, {"page": 2}))
    assert "Zville 23" in body and "Aville" not in body


def test_queries_do_not_grow_with_territories(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(user):
        client.force_login(user)
        client.get(INDEX)
        with CaptureQueriesContext(connection) as ctx:
            client.get(INDEX)
        return len(ctx)

    people = ("facilitator", "member", "referent")
    {name: count(world[name]) for name in people}  # noqa: B018 - warms the per-process caches
    small = {name: count(world[name]) for name in people}
    for _number in range(12):
        territory = TerritoryFactory()
        ReportFactory(territory=territory, status=Report.Status.SUBMITTED)
        for person in ("member", "referent"):
            MembershipFactory(
                territory=territory,
                user=world[person],
                role=Membership.Role.REFERENT if person == "referent" else Membership.Role.MEMBER,
            )
    large = {name: count(world[name]) for name in people}
    assert large == small
    assert "Relire et valider" in html(client.get(INDEX))  # the référent's 12 reports are there


def test_my_account_points_to_the_reports_of_team_members_only(client, world):
    from accounts import dashboard_sections

    section = {k: r for _o, k, r in dashboard_sections._registry}["reports"]
    ReportFactory(territory=world["own"], status=Report.Status.SUBMITTED)
    request = RequestFactory().get("/")
    request.user = world["referent"]
    rendered = section(request)
    assert "Mes bilans" in rendered and "1 bilan à valider" in rendered
    assert "La campagne des bilans 2025 est ouverte." in rendered
    request.user = world["commissioner"]
    assert section(request) == ""
    client.force_login(world["member"])
    body = html(client.get(reverse("accounts:dashboard")))
    assert "Voir mes bilans" in body
    assert "Reprendre le bilan" not in body  # the report waits for the référent


def test_my_account_leads_straight_to_the_report_to_finish(client, world):
    ReportFactory(territory=world["own"], status=Report.Status.CHANGES_REQUESTED)
    client.force_login(world["member"])
    body = html(client.get(reverse("accounts:dashboard")))
    assert 'href="/bilans/aville/2025/"' in body
    assert "Reprendre le bilan 2025 — Aville" in body


def test_the_list_of_all_territories_opens_on_the_campaign_with_reports_sent(client, world):
    ReportingCampaignFactory(year=2026)
    ReportFactory(territory=world["own"], year=2025, status=Report.Status.SUBMITTED)
    client.force_login(world["facilitator"])
    assert client.get(reverse("reports:index")).context["year"] == 2025
    assert client.get(reverse("reports:index"), {"annee": 2026}).context["year"] == 2026
