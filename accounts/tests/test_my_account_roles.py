"""« Mon compte » for a commissioner: the regions they follow, not an invitation to join a
territory they have no reason to join; team members keep « Mes territoires »."""

import pytest
from django.urls import reverse

from accounts import roles
from accounts.models import Region
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_commissioner_sees_their_regions_not_join_a_territory(client):
    north = Region.objects.get(code="32")
    TerritoryFactory(region=north)
    commissioner = UserFactory(roles=[roles.COMMISSIONER])
    commissioner.regions.add(north)
    client.force_login(commissioner)
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Mes régions" in body and "Hauts-de-France</strong> — 1 territoire" in body
    assert f'href="/fiches/?region={north.slug}"' in body
    assert "Comparer les territoires de mes régions" in body
    assert "Rejoindre un territoire" not in body and "Mes territoires" not in body


def test_a_team_member_keeps_my_territories(client):
    member = MembershipFactory().user
    client.force_login(member)
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Mes territoires" in body and "Rejoindre un territoire" in body
    assert "Mes régions" not in body
