"""Accessibility sweep (issue #8): axe-core (WCAG 2.0/2.1 A and AA) on every key page and form of
the site filled with the demo content, anonymous and logged in — 0 serious or critical violation;
and a keyboard-only journey: search, open a sheet, register to an event."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

DEMO_PASSWORD = "demo-zero-non-recours"
ANONYMOUS_PAGES = [
    "/",
    "/fiches/",
    "/fiches/?frein=fracture-numerique",
    "/forum/",
    "/evenements/",
    "/evenements/calendrier/",
    "/bibliotheque/",
    "/bibliotheque/kit-evaluation/",
    "/bibliotheque/clauses/",
    "/bibliotheque/conventions/",
    "/recherche/?q=accès+aux+droits",
    "/recherche/?q=zzzzqqq",
    "/plan-du-site/",
    "/accessibilite/",
    "/compte/login/",
    "/compte/signup/",
    "/compte/password/reset/",
]
MEMBER_PAGES = [
    "/mon-compte/",
    "/mon-compte/profil/",
    "/mon-compte/preferences/",
    "/mon-compte/mes-donnees/",
    "/mon-compte/supprimer-mon-compte/",
    "/mon-compte/territoires/rejoindre/",
    "/forum/notifications/",
]


def _detail_pages() -> list[str]:
    """One page of each kind from the demo content, found in the database."""
    from django.urls import reverse

    from events.models import EventPage
    from forum.links import thread_slug
    from forum.models import Category, Thread
    from library.models import LibraryDocumentPage
    from practices.models import PracticeSheetPage

    thread = Thread.objects.filter(category__visibility=Category.Visibility.PUBLIC).first()
    return [
        PracticeSheetPage.objects.live().public().first().url,
        reverse("forum:thread", kwargs={"pk": thread.pk, "slug": thread_slug(thread)}),
        EventPage.objects.live().public().first().url,
        LibraryDocumentPage.objects.live().public().filter(access="public").first().url,
    ]


def _tab_to(page, locator, presses: int = 80) -> None:
    """Press Tab until ``locator`` has the focus (keyboard only), or fail."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{locator} cannot be reached with Tab")


def _log_in(page, base_url, email):
    page.goto(f"{base_url}/compte/login/")
    main = page.locator("main")
    main.get_by_label("E-mail").fill(email)
    main.get_by_role("textbox", name=re.compile(r"^Mot de passe")).fill(DEMO_PASSWORD)
    main.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("banner").get_by_role("button", name="Se déconnecter")).to_be_visible()


def test_every_key_page_has_no_serious_accessibility_fault(site, page):
    call_command("load_demo", verbosity=0)
    base = site.url
    details = _detail_pages()
    pages = list(ANONYMOUS_PAGES) + details
    for path in pages:
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, (path, response and response.status)
        assert_accessible(page, f"anonyme {path}")

    _log_in(page, base, "equipe@example.org")
    member_pages = [*MEMBER_PAGES, details[1], details[2], "/bibliotheque/conventions/mes-projets/"]
    for path in member_pages:
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, (path, response and response.status)
        assert_accessible(page, f"connecté {path}")


def test_keyboard_only_search_open_a_sheet_and_register_to_an_event(site, page):
    from events.tests.factories import EventFactory
    from search.tests.factories import SearchSheetFactory
    from tests.factories import MembershipFactory, TerritoryFactory

    territory = TerritoryFactory(name="Fictiville", slug="fictiville")
    sheet = SearchSheetFactory(
        territory=territory,
        title="Ateliers numériques en médiathèque",
        summary="Des ateliers pour faire ses démarches en ligne.",
    )
    event = EventFactory(title="Atelier clavier", capacity=5)
    member = MembershipFactory(territory=territory).user

    # Log in with the keyboard only.
    page.goto(f"{site.url}/compte/login/")
    main = page.locator("main")
    _tab_to(page, main.get_by_label("E-mail"))
    page.keyboard.type(member.email)
    _tab_to(page, main.get_by_role("textbox", name=re.compile(r"^Mot de passe")))
    page.keyboard.type("mot-de-passe-test")
    page.keyboard.press("Enter")
    expect(page.get_by_role("banner").get_by_role("button", name="Se déconnecter")).to_be_visible()

    # Search from the header box, then reach the result and open it with Tab and Enter.
    page.goto(f"{site.url}/")
    _tab_to(page, page.get_by_role("combobox", name="Rechercher dans le site"), 40)
    page.keyboard.type("ateliers numeriques")
    page.keyboard.press("Enter")  # no suggestion chosen: the form is submitted
    expect(page).to_have_url(re.compile(r"/recherche/\?q=ateliers"))
    result = page.locator("main").get_by_role("link", name=re.compile("Ateliers numériques"))
    _tab_to(page, result.first)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site.url}{sheet.url}")

    # Register to the event with the keyboard.
    page.goto(f"{site.url}{event.url}")
    button = page.locator("main").get_by_role("button", name=re.compile("inscri", re.I)).first
    _tab_to(page, button)
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Votre inscription est confirmée")
    assert_accessible(page, "event after registration")
