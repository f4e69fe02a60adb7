"""End to end, in Chromium: the DGCS opens the national dashboard, sees a territory's report in
draft; the report is sent and validated; the page reloaded says « Validé » and the count of
validated reports moved. axe-core on the page."""

import re

import pytest
from playwright.sync_api import expect

from accounts import roles
from accounts.models import Membership
from reports import services
from reports.models import Report
from reports.tests.factories import ReportFactory, ReportingCampaignFactory
from tests.browser.conftest import assert_accessible
from tests.browser.test_membership_journey import log_in
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_the_dgcs_sees_the_completeness_table_move(site, page):
    ReportingCampaignFactory(year=2025)
    territory = TerritoryFactory(name="Fictiville")
    member = MembershipFactory(territory=territory).user
    referent = MembershipFactory(territory=territory, role=Membership.Role.REFERENT).user
    report = ReportFactory(territory=territory, year=2025, values={"personnes-reperees": 40})
    ReportFactory(year=2025, status=Report.Status.VALIDATED, values={"personnes-reperees": 2})
    UserFactory(email="dgcs@example.org", roles=[roles.DGCS_ADMIN])

    log_in(page, site.url, "dgcs@example.org", "mot-de-passe-test")
    page.goto(f"{site.url}/bilans/tableau-de-bord/")
    expect(page.locator("main h1")).to_have_text("Tableau de bord national des bilans")
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Fictiville"))
    expect(row).to_contain_text("Brouillon")
    counter = page.locator('[data-compteur="2025"]')
    expect(counter).to_have_text("1 validé sur 2")
    assert_accessible(page, "national dashboard")

    services.submit(report, member)
    services.validate(report, referent)

    page.reload()
    expect(row).to_contain_text(re.compile(r"Validé le \d"))
    expect(row).not_to_contain_text("Brouillon")
    expect(counter).to_have_text("2 validés sur 2")
    expect(page.locator('[data-total="personnes-reperees"]')).to_contain_text("42")
