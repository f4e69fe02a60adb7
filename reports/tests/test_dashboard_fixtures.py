"""Fixtures shared by the dashboard's tests (imported by the ``test_dashboard_*`` modules)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from reports.tests.factories import ReportingCampaignFactory
from tests.factories import UserFactory

URL = "/bilans/tableau-de-bord/"


def test_the_dashboard_lives_at_its_agreed_address():
    assert reverse("reports:dashboard") == URL
    assert reverse("reports:remind") == URL + "relancer/"


@pytest.fixture
def dgcs(db):
    return UserFactory(roles=[roles.DGCS_ADMIN])


@pytest.fixture
def facilitator(db):
    return UserFactory(roles=[roles.FACILITATOR])


@pytest.fixture
def campaigns(db):
    """2025, still open (due in a month); 2024, past due."""
    today = timezone.localdate()
    return {
        2025: ReportingCampaignFactory(year=2025, due_on=today + timedelta(days=30)),
        2024: ReportingCampaignFactory(year=2024, due_on=today - timedelta(days=30)),
    }


@pytest.fixture
def dgcs_client(client, dgcs):
    client.force_login(dgcs)
    return client
