"""End to end, in Chromium: a territory's member starts the 2025 report from « Mes bilans »,
fills two values (one the French way, « 1 234 »), a bad one first (the error is announced and
what was typed stays), sends it after the confirmation; the référent opens it and validates
it. The form and the report's page are checked with axe-core (WCAG 2.1 A/AA)."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Membership
from reports.models import Report
from reports.tests.factories import ReportingCampaignFactory
from tests.browser.conftest import assert_accessible
from tests.browser.test_membership_journey import log_in
from tests.factories import MembershipFactory, TerritoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_the_team_fills_and_sends_the_referent_validates(site, page, browser):
    territory = TerritoryFactory(name="Fictiville-Test", slug="fictiville-test")
    ReportingCampaignFactory(year=2025)
    member = MembershipFactory(territory=territory, user__email="membre@fictiville.test").user
    referent = MembershipFactory(
        territory=territory, role=Membership.Role.REFERENT, user__email="ref@fictiville.test"
    ).user

    log_in(page, site.url, member.email)
    page.goto(f"{site.url}/bilans/")
    expect(page.locator("main h1")).to_have_text("Mes bilans")
    page.get_by_role("button", name=re.compile("Commencer le bilan 2025")).click()
    expect(page.locator("main h1")).to_have_text("Saisir le bilan 2025 — Fictiville-Test")

    droits = page.locator("#indicateur-droits-ouverts")
    droits.get_by_label(re.compile("^Valeur de l’année")).fill("12,5")  # a count: refused
    page.locator("#indicateur-personnes-reperees").get_by_label(
        re.compile("^Valeur de l’année")
    ).fill("1 234")
    droits.get_by_label(re.compile("^Source")).fill("Tableau de suivi")
    page.get_by_role("button", name="Enregistrer le bilan").click()
    alert = page.get_by_role("alert").filter(has_text="Le bilan n’est pas enregistré")
    expect(alert).to_contain_text("écrivez un nombre entier")
    expect(droits.get_by_label(re.compile("^Source"))).to_have_value("Tableau de suivi")
    assert_accessible(page, "report form with errors")

    droits.get_by_label(re.compile("^Valeur de l’année")).fill("120")
    page.get_by_role("button", name="Enregistrer le bilan").click()
    expect(page.locator("main h1")).to_have_text("Bilan 2025 — Fictiville-Test")
    expect(page.get_by_role("table").first).to_contain_text("1\u00a0234")
    page.get_by_role("button", name="Envoyer pour validation").click()
    expect(page.locator("main")).to_contain_text("7 indicateurs n’ont pas de valeur")
    page.get_by_role("button", name="Oui, envoyer pour validation").click()
    expect(page.locator("main")).to_contain_text("Bilan envoyé aux référents du territoire")

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    try:
        other = context.new_page()
        log_in(other, site.url, referent.email)
        other.goto(f"{site.url}/bilans/")
        other.get_by_role("link", name=re.compile("Relire et valider")).click()
        expect(other.locator("main h1")).to_have_text("Bilan 2025 — Fictiville-Test")
        expect(other.locator("main")).to_contain_text("120\u00a0droits")
        assert_accessible(other, "report page to validate")
        other.get_by_role("button", name="Valider le bilan").click()
        expect(other.locator("main")).to_contain_text("Bilan validé le")
        assert_accessible(other, "validated report page")
    finally:
        context.close()
    report = Report.objects.get(territory=territory, year=2025)
    assert report.status == Report.Status.VALIDATED and report.validated_by == referent
