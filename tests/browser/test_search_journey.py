"""End to end, in Chromium: the header search box suggests titles as you type (ARIA combobox,
keyboard only), then the search page filters by facets with a plain GET form; axe-core checks
the results page (WCAG 2.1 A/AA)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.factories import TerritoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_suggestions_then_faceted_search(site, page):
    from search.tests.factories import SearchSheetFactory

    territory = TerritoryFactory(name="Fictiville", slug="fictiville")
    sheet = SearchSheetFactory(
        territory=territory,
        title="Accompagnement numérique des seniors",
        summary="Des ateliers pour accompagner les personnes âgées en ligne.",
        audiences=["personnes-agees"],
    )
    SearchSheetFactory(
        territory=territory,
        title="Permanences d’accès aux droits",
        summary="Un guichet pour les droits.",
    )

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site.url}/")
    box = page.get_by_role("combobox", name="Rechercher dans le site")
    box.click()
    box.press_sequentially("accomp", delay=30)
    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    option = listbox.get_by_role("option", name=re.compile("Accompagnement numérique des seniors"))
    expect(option).to_be_visible()
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", re.compile(r".+-0$"))
    expect(listbox.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press("ArrowDown")
    box.press("Enter")
    expect(page).to_have_url(f"{site.url}{sheet.url}")

    # The search page: results, facets as a GET form, shareable URL.
    page.goto(f"{site.url}/recherche/?q=ateliers+guichet")
    expect(page.locator("main h1")).to_have_text("Rechercher")
    expect(page.locator("main [role=status]").first).to_contain_text("2 résultats")
    expect(page.locator("main mark").first).to_be_visible()
    page.locator("label[for=filtre-public-personnes-agees]").click()  # DSFR checkbox
    expect(page.get_by_label(re.compile(r"^Personnes âgées \(1\)"))).to_be_checked()
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page).to_have_url(re.compile(r"public=personnes-agees"))
    expect(page.locator("main [role=status]").first).to_contain_text("1 résultat")
    result = page.locator("main").get_by_role("link", name=re.compile("Accompagnement"))
    expect(result).to_be_visible()
    assert_accessible(page, "search results")
