"""In Chromium: a form the site refuses does not lose what was typed. The CSRF page gives the
text back and says the browser kept it; the form, opened again, has it restored (drafts.js);
once the form is sent and published, the draft is forgotten."""

import pytest
from playwright.sync_api import expect

from forum.models import Thread
from forum.tests.factories import CategoryFactory
from tests.browser.test_forum_journey import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

TITLE = "Repérer les familles monoparentales"
TEXT = "Nous croisons les fichiers de la CAF et du CCAS : qui l’a déjà fait ?"


def test_a_refused_form_keeps_the_text_until_it_is_published(site, page):
    from datetime import timedelta

    from django.utils import timezone

    CategoryFactory(name="Entraide", slug="entraide", visibility="public")
    user = UserFactory(date_joined=timezone.now() - timedelta(days=3))
    log_in(page, site.url, user.email)
    form_url = f"{site.url}/forum/entraide/nouvelle/"
    page.goto(form_url)
    main = page.locator("main")
    main.get_by_label("Titre").fill(TITLE)
    main.get_by_role("textbox", name="Message").fill(TEXT)
    # The form is no longer valid (as after logging in again in another tab).
    page.evaluate(
        "document.querySelectorAll('input[name=csrfmiddlewaretoken]')"
        ".forEach((input) => { input.value = 'x'.repeat(64); })"
    )
    main.get_by_role("button", name="Publier la discussion").click()

    expect(page.locator("main h1")).to_have_text("Formulaire expiré")
    expect(main.get_by_text("Votre navigateur a gardé votre texte")).to_be_visible()
    expect(main.locator("textarea[readonly]")).to_have_count(2)
    expect(main.get_by_label("Titre")).to_have_value(TITLE)
    expect(main.get_by_label("Texte")).to_have_value(TEXT)

    page.goto(form_url)
    expect(main.get_by_label("Titre")).to_have_value(TITLE)
    expect(main.get_by_role("textbox", name="Message")).to_have_value(TEXT)
    expect(main.get_by_text("Brouillon restauré")).to_be_visible()
    main.get_by_role("button", name="Publier la discussion").click()
    expect(page.locator("main h1")).to_have_text(TITLE)
    assert Thread.objects.filter(title=TITLE).count() == 1

    page.goto(form_url)
    expect(main.get_by_label("Titre")).to_have_value("")
    expect(main.get_by_role("textbox", name="Message")).to_have_value("")
