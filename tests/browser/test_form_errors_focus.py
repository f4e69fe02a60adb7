"""A refused log-in: the error summary is announced and takes the focus (static/js/focus.js)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_a_refused_login_focuses_its_error_summary(site, page):
    UserFactory(email="camille@example.org")
    page.goto(f"{site.url}/compte/login/")
    main = page.locator("main")
    main.get_by_label("E-mail").fill("camille@example.org")
    main.get_by_role("textbox", name=re.compile(r"^Mot de passe")).fill("pas le bon")
    main.get_by_role("button", name="Connexion").click()
    summary = page.locator("#erreurs")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    expect(main.get_by_label("E-mail")).to_have_value("camille@example.org")
    assert_accessible(page, "refused log-in")
