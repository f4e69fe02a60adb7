"""The Wagtail admin's « Bilans » menu: campaigns edited by facilitators and the DGCS, reports
listed read-only; nothing for the territories' teams."""

import pytest

from reports.models import Report
from reports.tests.factories import ReportFactory, ReportingCampaignFactory
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db

CAMPAIGNS = "/admin/snippets/reports/reportingcampaign/"
REPORTS = "/admin/snippets/reports/report/"


@pytest.mark.parametrize("role", ["Animateurs", "Administrateurs DGCS"])
def test_facilitators_and_the_dgcs_edit_campaigns_and_read_reports(client, role):
    campaign = ReportingCampaignFactory(year=2025)
    report = ReportFactory(
        territory=TerritoryFactory(name="Aville"), status=Report.Status.VALIDATED
    )
    client.force_login(UserFactory(roles=[role]))
    assert client.get(CAMPAIGNS).status_code == 200
    assert client.get(f"{CAMPAIGNS}edit/{campaign.pk}/").status_code == 200
    response = client.post(
        f"{CAMPAIGNS}add/", {"year": 2026, "due_on": "2027-03-31", "is_open": "on"}
    )
    assert response.status_code == 302
    listing = client.get(REPORTS)
    assert listing.status_code == 200 and "Aville" in listing.content.decode()
    assert client.get(f"{REPORTS}inspect/{report.pk}/").status_code == 200
    assert client.get(f"{REPORTS}edit/{report.pk}/").status_code in (302, 403)
    assert client.get(f"{REPORTS}add/").status_code in (302, 403)


def test_teams_have_no_reports_in_the_admin(client):
    client.force_login(MembershipFactory().user)
    assert client.get(CAMPAIGNS).status_code in (302, 403)
    assert client.get(REPORTS).status_code in (302, 403)
