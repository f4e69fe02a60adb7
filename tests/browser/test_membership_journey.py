"""End to end, in Chromium: a newcomer signs up, confirms the e-mail address, asks to join a
territory; the territory's référent accepts; the newcomer then sees the territory in the
account. Every main page of the journey is checked with axe-core (WCAG 2.1 A/AA)."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.factories import MembershipFactory, TerritoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PASSWORD = "une phrase de passe solide"
NEWCOMER = {
    "first_name": "Léa",
    "last_name": "Martin",
    "email": "lea.martin@example.org",
    "organisation": "CCAS de Fictiville",
}
REFERENT_PASSWORD = "mot-de-passe-test"  # the factory's default


def messages_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def confirmation_path(message) -> str:
    """The confirmation link's path: the e-mail uses SITE_URL, not the live server's host."""
    match = re.search(r"https?://\S+/compte/confirm-email/\S+?/(?=\s|$)", message.body)
    assert match, f"No confirmation link in:\n{message.body}"
    return urlsplit(match.group(0)).path


def log_in(page, base_url: str, email: str, password: str = "mot-de-passe-test") -> None:
    """Log in through the form (the default password is the factories')."""
    page.goto(f"{base_url}/compte/login/")
    main = page.locator("main")
    main.get_by_label("E-mail").fill(email)
    # The label also holds the « Mot de passe oublié ? » link.
    main.get_by_role("textbox", name=re.compile(r"^Mot de passe")).fill(password)
    main.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("banner").get_by_role("button", name="Se déconnecter")).to_be_visible()


def log_out(page) -> None:
    header = page.get_by_role("banner")
    header.get_by_role("button", name="Se déconnecter").click()
    expect(header.get_by_role("link", name="Se connecter")).to_be_visible()
    expect(header.get_by_role("button", name="Se déconnecter")).to_have_count(0)


# --- The steps of the journey --------------------------------------------------------------------


def home_page(page, base):
    page.goto(f"{base}/")
    expect(page).to_have_title(re.compile("Communauté zéro non-recours"))
    assert_accessible(page, "home page")


def newcomer_signs_up(page, base):
    page.get_by_role("link", name="Créer un compte").click()
    expect(page).to_have_url(f"{base}/compte/signup/")
    assert_accessible(page, "signup page")
    main = page.locator("main")
    main.get_by_label("Prénom").fill(NEWCOMER["first_name"])
    main.get_by_label("Nom", exact=True).fill(NEWCOMER["last_name"])
    main.get_by_label("E-mail").fill(NEWCOMER["email"])
    main.get_by_label("Structure").fill(NEWCOMER["organisation"])
    # The first password's label also holds the rules (help text).
    main.get_by_role("textbox", name=re.compile(r"^Mot de passe(?! \(confirmation)")).fill(PASSWORD)
    main.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    main.get_by_role("button", name="Création de compte").click()
    expect(page.locator("main h1")).to_contain_text("Vérifiez votre adresse e-mail")


def newcomer_confirms_the_address(page, base):
    """From the confirmation e-mail."""
    sent = messages_to(NEWCOMER["email"])
    assert len(sent) == 1, [m.subject for m in mail.outbox]
    page.goto(f"{base}{confirmation_path(sent[0])}")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_contain_text("Confirmer")
    main.get_by_role("button", name="Confirmer").click()
    expect(page.locator("main")).to_contain_text(f"Vous avez confirmé {NEWCOMER['email']}")


def newcomer_logs_in_and_opens_the_account(page, base):
    page.goto(f"{base}/compte/login/")
    assert_accessible(page, "login page")
    log_in(page, base, NEWCOMER["email"], PASSWORD)
    page.goto(f"{base}/mon-compte/")
    expect(page.locator("main h1")).to_have_text("Mon compte")
    assert_accessible(page, "account page (newcomer)")


def newcomer_asks_to_join_the_territory(page, base, territory, referent):
    """The référent is told."""
    page.get_by_role("link", name="Rejoindre un territoire").click()
    expect(page).to_have_url(f"{base}/mon-compte/territoires/rejoindre/")
    assert_accessible(page, "membership request form")
    main = page.locator("main")
    main.get_by_label("Territoire").select_option(label="Fictiville (59 — Hauts-de-France)")
    main.get_by_label("Message au référent").fill("Je coordonne le projet au CCAS.")
    main.get_by_role("button", name="Envoyer ma demande").click()
    expect(page).to_have_url(f"{base}/mon-compte/")
    expect(page.locator("main")).to_contain_text(
        "Votre demande pour rejoindre Fictiville a été envoyée."
    )
    expect(page.locator("main")).to_contain_text("Demandes en attente")
    to_referent = messages_to(referent.email)
    assert len(to_referent) == 1, [m.subject for m in mail.outbox]
    assert "Léa Martin" in to_referent[0].body
    assert f"/mon-compte/territoires/{territory.slug}/equipe/" in to_referent[0].body


def referent_accepts_the_request(page, base, territory, referent):
    """The newcomer is told."""
    log_in(page, base, referent.email, REFERENT_PASSWORD)
    page.goto(f"{base}/mon-compte/")
    box = page.locator(".fr-alert", has_text="Demandes d’adhésion à traiter")
    expect(box).to_contain_text("1 demande en attente")
    box.get_by_role("link", name="Fictiville").click()
    expect(page).to_have_url(f"{base}/mon-compte/territoires/{territory.slug}/equipe/")
    expect(page.locator("main h1")).to_have_text("Équipe de Fictiville")
    assert_accessible(page, "team page")
    page.get_by_role("button", name="Accepter Léa Martin").click()
    expect(page.locator("main")).to_contain_text("Léa Martin a rejoint l’équipe de Fictiville.")
    expect(page.locator("main")).to_contain_text("Aucune demande en attente.")
    to_newcomer = messages_to(NEWCOMER["email"])
    assert len(to_newcomer) == 2, [m.subject for m in to_newcomer]  # confirmation, acceptance
    assert "Fictiville" in to_newcomer[-1].subject + to_newcomer[-1].body


def newcomer_belongs_to_the_territory(page, base):
    log_in(page, base, NEWCOMER["email"], PASSWORD)
    page.goto(f"{base}/mon-compte/")
    territories = page.locator("section", has=page.get_by_role("heading", name="Mes territoires"))
    expect(territories.locator("li", has_text="Fictiville")).to_contain_text("Membre")
    expect(territories).not_to_contain_text("Demandes en attente")


# --- The journey ---------------------------------------------------------------------------------


def test_newcomer_joins_a_territory_accepted_by_its_referent(site, page):
    base = site.url
    territory = TerritoryFactory(name="Fictiville")
    referent = MembershipFactory(
        territory=territory,
        role="referent",
        user__first_name="Rémi",
        user__last_name="Référent",
    ).user
    mail.outbox.clear()

    home_page(page, base)
    newcomer_signs_up(page, base)
    newcomer_confirms_the_address(page, base)
    newcomer_logs_in_and_opens_the_account(page, base)
    newcomer_asks_to_join_the_territory(page, base, territory, referent)
    log_out(page)
    referent_accepts_the_request(page, base, territory, referent)
    log_out(page)
    newcomer_belongs_to_the_territory(page, base)
