"""End to end, in Chromium: the evaluation kit page, an indicator page reached from a practice
sheet's result line, and the XLSX template download; both pages checked with axe-core."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from library.kit.tests.factories import KitResultLineFactory
from practices.tests.factories import PracticeSheetFactory
from tests.browser.conftest import assert_accessible
from tests.factories import TerritoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_kit_indicator_page_and_template_download(site, page):
    sheet = PracticeSheetFactory(
        territory=TerritoryFactory(name="Fictiville-Test"), title="Un bus des droits"
    )
    KitResultLineFactory(
        sheet=sheet, indicator_slug="droits-ouverts", value=120, period="Année 2025"
    )

    page.goto(f"{site.url}/bibliotheque/kit-evaluation/")
    expect(page.locator("main h1")).to_have_text("Kit d’évaluation")
    expect(page.locator("main h1")).to_have_count(1)
    expect(page.get_by_role("heading", name="Repérage et prise de contact")).to_be_visible()
    assert_accessible(page, "kit page")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Modèle de collecte pour tableur").click()
    download = download_info.value
    assert download.suggested_filename.startswith("kit-evaluation-modele-collecte-")
    with open(download.path(), "rb") as handle:  # a temporary name, without .xlsx
        workbook = load_workbook(io.BytesIO(handle.read()))
    assert workbook.sheetnames == ["Collecte", "Définitions"]
    assert workbook["Collecte"]["A1"].value == "Territoire"

    # From the sheet, the result line leads to its indicator's definition.
    page.goto(f"{site.url}{sheet.url}")
    page.get_by_role("link", name="Droits ouverts").click()
    expect(page).to_have_url(f"{site.url}/bibliotheque/kit-evaluation/indicateurs/droits-ouverts/")
    expect(page.locator("main h1")).to_have_text("Droits ouverts")
    expect(page.get_by_role("heading", name="Mode de calcul")).to_be_visible()
    table = page.get_by_role("table")
    expect(table).to_contain_text("Un bus des droits")
    expect(table).to_contain_text("120 droits")
    assert_accessible(page, "indicator page")

    # Keyboard: the sheet link of the results table is reachable and opens the sheet.
    link = table.get_by_role("link", name="Un bus des droits")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text("Un bus des droits")
