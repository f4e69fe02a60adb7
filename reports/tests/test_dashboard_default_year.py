# ruff: noqa: F811
"""The dashboard opens on the most recent campaign some territory has sent a report for."""

import pytest

from reports.models import Report
from reports.tests.factories import ReportFactory
from reports.tests.test_dashboard_fixtures import URL, campaigns, dgcs, dgcs_client  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_campaign_with_only_drafts_is_not_the_default(dgcs_client, campaigns):
    ReportFactory(year=2024, status=Report.Status.VALIDATED, values={"droits-ouverts": 5})
    ReportFactory(year=2025)  # a draft: the 2025 campaign has only just started
    response = dgcs_client.get(URL)
    assert response.context["values"]["year"] == 2024
    ReportFactory(year=2025, status=Report.Status.SUBMITTED)
    assert dgcs_client.get(URL).context["values"]["year"] == 2025
    assert dgcs_client.get(URL, {"annee": 2024}).context["values"]["year"] == 2024
