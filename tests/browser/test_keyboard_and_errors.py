"""Keyboard access to the content (DSFR skip links) and the DSFR error pages, in French."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_first_tab_focuses_the_skip_link_to_the_content(site, page):
    page.goto(f"{site.url}/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Contenu")
    expect(focused).to_have_attribute("href", "#contenu")
    expect(focused).to_be_visible()  # DSFR shows the skip links when they get the focus
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site.url}/#contenu")
    expect(page.locator("main#contenu")).to_be_focused()


def test_unknown_page_is_a_french_dsfr_404(site, page):
    response = page.goto(f"{site.url}/page-qui-n-existe-pas/")
    assert response is not None and response.status == 404
    expect(page).to_have_title("Page non trouvée — Communauté zéro non-recours")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    # The site's DSFR header and footer surround the message.
    expect(page.locator("header.fr-header")).to_contain_text("Communauté zéro non-recours")
    expect(page.locator("footer.fr-footer")).to_be_visible()
    expect(page.locator("main h1")).to_have_text("Page non trouvée")
    expect(page.locator("main")).to_contain_text("Erreur 404")
    expect(page.locator("main").get_by_role("link", name="Page d’accueil")).to_be_visible()
    assert_accessible(page, "404 page")
