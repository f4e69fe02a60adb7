"""In Chromium: the rich-text editors (Draftail) of a practice sheet's page editor have an
accessible name, their label, and the field's help text as description; the editor of a
« Paragraphe » block of « Ce qui a été fait » is named « Paragraphe » (website.rich_text)."""

import re

import pytest
from playwright.sync_api import expect

from accounts import roles
from practices.tests.factories import PracticeSheetFactory
from tests.browser.test_membership_journey import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_rich_text_editors_are_named_by_their_labels(site, page):
    sheet = PracticeSheetFactory(live=False)
    facilitator = UserFactory(roles=[roles.FACILITATOR])
    log_in(page, site.url, facilitator.email, "mot-de-passe-test")
    page.goto(f"{site.url}/admin/pages/{sheet.pk}/edit/")
    main = page.locator("main")

    context = main.get_by_role("textbox", name=re.compile(r"^Contexte et problème"))
    expect(context).to_have_count(1)
    expect(context).to_have_attribute("contenteditable", "true")
    expect(context).to_have_accessible_description(re.compile(r"^La situation de départ"))
    for label in ("Ce qui a marché", "Les pièges à éviter", "Conditions pour reproduire l’action"):
        expect(main.get_by_role("textbox", name=re.compile(rf"^{label}"))).to_have_count(1)

    # The factory's sheet has one « Paragraphe » block in « Ce qui a été fait ».
    paragraph = main.locator("[data-contentpath='actions']").get_by_role(
        "textbox", name="Paragraphe"
    )
    expect(paragraph).to_have_count(1)
    expect(paragraph).to_contain_text("Ce qui a été fait")
    # Leave the editor (its autosave and pings) before the database is flushed.
    page.goto("about:blank")
