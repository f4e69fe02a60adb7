"""End to end, in Chromium: a commissioner opens « Comparer les territoires », lands on the
territories of the region they follow, changes the indicator, and downloads the CSV export of
that selection; the page is checked with axe-core (WCAG 2.1 A/AA)."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Region
from reports.models import Report
from reports.tests.factories import ReportFactory
from tests.browser.conftest import assert_accessible
from tests.browser.test_membership_journey import log_in
from tests.factories import TerritoryFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_a_commissioner_compares_their_region_and_exports(site, page):
    north = Region.objects.get(code="32")
    lille = TerritoryFactory(name="Lille-Test", region=north, population=200_000)
    TerritoryFactory(name="Ailleurs-Test", region=Region.objects.get(code="84"))
    ReportFactory(
        territory=lille,
        year=2025,
        status=Report.Status.VALIDATED,
        values={"personnes-reperees": 1500, "droits-ouverts": 120},
    )
    commissioner = UserFactory(roles=["Commissaires"])
    commissioner.regions.add(north)

    log_in(page, site.url, commissioner.email)
    page.goto(f"{site.url}/bilans/comparer/")
    main = page.locator("main")
    expect(main.locator("h1")).to_have_text("Comparer les territoires")
    expect(main).to_contain_text("Vous voyez les territoires de la région que vous suivez")
    table = main.get_by_role("table")
    expect(table).to_contain_text("Lille-Test")
    expect(table).not_to_contain_text("Ailleurs-Test")
    expect(table).to_contain_text("1\u202f500\u00a0personnes")
    expect(main.get_by_role("img", name=re.compile("Personnes repérées en 2025"))).to_be_visible()
    assert_accessible(page, "comparison page")

    main.get_by_label("Indicateur").select_option("droits-ouverts")
    main.get_by_role("button", name="Comparer").click()
    expect(page).to_have_url(re.compile(r"indicateur=droits-ouverts.*region=32"))
    expect(main.get_by_role("heading", name="Droits ouverts")).to_be_visible()
    expect(table).to_contain_text("120\u00a0droits")
    expect(main.get_by_label("Hauts-de-France")).to_be_checked()

    with page.expect_download() as download_info:
        main.get_by_role("link", name="Télécharger en CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("comparaison-droits-ouverts-")
    with open(download.path(), encoding="utf-8-sig") as handle:
        content = handle.read()
    assert content.startswith("Territoire;Code officiel")
    assert "Lille-Test" in content and "Ailleurs-Test" not in content
    assert ";120;" in content and ";validé;" in content
