# ruff: noqa: F811 - the open_browser fixture
"""End to end, in Chromium, without /admin/: a team member proposes a minimal sheet with the
guided form (the actions are counted: 15 at most from « Proposer une fiche » to « en
validation »), the référent asks for a change with a comment on one section, the team fixes it
and sends it again, the référent approves, a facilitator publishes. axe-core runs on every page
of the journey; a second test does the member's part with the keyboard only."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect
from wagtail.models import WorkflowState

from practices.models import PracticeSheetPage
from tests.browser.conftest import assert_accessible
from tests.browser.test_membership_journey import log_in
from tests.browser.test_practice_sheet_workflow import (  # noqa: F401 - open_browser: a fixture
    PASSWORD,
    make_people,
    open_browser,
    wait_for_mail,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

TITLE = "Des permanences numériques au marché"
SUMMARY = "Chaque jeudi, deux agents du CCAS aident aux démarches en ligne au marché."
ORGANISATION = "CCAS de Fictiville-Test"
CONTEXT = "Un tiers des habitants n’a pas d’accès à internet."
DONE = "Une table, deux ordinateurs portables, une connexion 4G."
CHANGE = "Précisez combien de personnes viennent chaque jeudi."
FIXED = "Une table, deux ordinateurs, une 4G : 25 personnes par jeudi."
MAX_ACTIONS = 15


class Counter:
    """Each click, fill or key press of the person, counted."""

    def __init__(self):
        self.actions = 0

    def __call__(self, locator_action, *args):
        self.actions += 1
        return locator_action(*args)


def checked_page(page, context):
    expect(page.locator("main h1")).to_be_visible()
    assert_accessible(page, context)


def member_proposes_a_minimal_sheet(page, base, people):
    log_in(page, base, people.member.email, PASSWORD)
    page.goto(f"{base}/mon-compte/")
    act = Counter()
    main = page.locator("main")
    act(main.get_by_role("link", name="Proposer une fiche").first.click)
    checked_page(page, "étape 1")
    act(main.get_by_label("Titre de la fiche").fill, TITLE)
    act(main.get_by_label("En bref").fill, SUMMARY)
    act(main.get_by_label("Structure porteuse").fill, ORGANISATION)
    act(main.get_by_role("button", name="Enregistrer et continuer").click)
    expect(main.get_by_role("heading", level=2)).to_contain_text("Publics et freins")
    checked_page(page, "étape 2")
    # DSFR checkboxes: the label is what a person clicks.
    act(main.locator("label").filter(has_text="Fracture numérique").first.click)
    expect(main.get_by_label("Fracture numérique")).to_be_checked()
    expect(main.get_by_role("button", name="Retirer Fracture numérique")).to_have_count(0)
    act(main.get_by_role("button", name="Enregistrer et continuer").click)
    expect(main.get_by_role("heading", level=2)).to_contain_text("Ce qui a été fait")
    checked_page(page, "étape 3")
    act(main.get_by_label("Le point de départ").fill, CONTEXT)
    act(main.get_by_label("Ce qui a été fait").fill, DONE)
    act(main.get_by_role("button", name="Enregistrer et aller à « Relire et envoyer »").click)
    checked_page(page, "relire et envoyer")
    act(main.get_by_role("button", name="Envoyer pour validation").click)
    expect(main.get_by_role("heading", name="Envoyer la fiche pour validation ?")).to_be_visible()
    checked_page(page, "confirmation")
    act(main.get_by_role("button", name="Oui, envoyer pour validation").click)
    expect(page.get_by_text("Fiche envoyée pour validation")).to_be_visible()
    checked_page(page, "mon compte après l’envoi")
    assert act.actions <= MAX_ACTIONS, act.actions
    row = main.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("En validation")
    sheet = PracticeSheetPage.objects.get(title=TITLE)
    assert sheet.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not page.url.startswith(f"{base}/admin")
    return sheet, act.actions


def referent_requests_a_change(page, base, people, sheet):
    to_referent = wait_for_mail(people.referent.email, "Fiche à valider")
    assert f"/fiches/relecture/{sheet.pk}/" in to_referent.body
    log_in(page, base, people.referent.email, PASSWORD)
    page.goto(f"{base}/mon-compte/")
    main = page.locator("main")
    main.get_by_role("link", name=re.compile("Relire et décider")).first.click()
    checked_page(page, "relecture")
    main.get_by_label(re.compile("Votre commentaire sur .{1,3}Ce qui a été fait")).fill(CHANGE)
    main.get_by_role("button", name="Demander des modifications").click()
    expect(page.get_by_text("Modifications demandées à l’équipe")).to_be_visible()
    state = PracticeSheetPage.objects.get(pk=sheet.pk).current_workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


def member_fixes_and_sends_again(page, base, people, sheet):
    message = wait_for_mail(people.member.email, "modifications")
    assert CHANGE in message.body
    link = re.search(r"https?://\S+/fiches/redaction/\d+/", message.body).group(0)
    page.goto(base + urlsplit(link).path)
    main = page.locator("main")
    # The guided form opens at « Relire et envoyer »; the comment waits at its step.
    main.get_by_role("link", name="Ce qui a été fait").first.click()
    expect(main).to_contain_text(CHANGE)
    checked_page(page, "étape avec le commentaire")
    main.get_by_label("Ce qui a été fait").fill(FIXED)
    main.get_by_role("button", name="Enregistrer et continuer").click()
    # The steps the minimal sheet skipped are checked too.
    for heading in ("Résultats", "Pour reproduire", "Pièces jointes et contacts"):
        expect(main.get_by_role("heading", level=2)).to_contain_text(heading)
        checked_page(page, heading)
        main.get_by_role("button", name="Enregistrer et continuer").click()
    main.get_by_role("button", name="Renvoyer pour validation").click()
    main.get_by_role("button", name="Oui, envoyer pour validation").click()
    expect(page.get_by_text("Fiche envoyée pour validation")).to_be_visible()


def referent_approves(page, base, sheet):
    page.goto(f"{base}/fiches/relecture/{sheet.pk}/")
    main = page.locator("main")
    expect(main).to_contain_text("25 personnes par jeudi")
    main.get_by_role("button", name="Valider", exact=True).click()
    expect(page.get_by_text("Fiche envoyée à l’équipe d’animation")).to_be_visible()


def facilitator_publishes(page, base, people, sheet):
    wait_for_mail(people.facilitator.email, "Fiche à publier")
    log_in(page, base, people.facilitator.email, PASSWORD)
    page.goto(f"{base}/mon-compte/")
    main = page.locator("main")
    main.get_by_role("link", name=re.compile("Relire et décider")).first.click()
    checked_page(page, "publication")
    main.get_by_role("button", name="Publier", exact=True).click()
    expect(page.get_by_text("Fiche publiée")).to_be_visible()
    sheet = PracticeSheetPage.objects.get(pk=sheet.pk)
    assert sheet.live and FIXED in str(sheet.actions[0].value)
    return sheet


def test_a_minimal_sheet_from_proposal_to_publication_without_the_admin(site, page, open_browser):
    base = site.url
    people = make_people()
    mail.outbox.clear()
    sheet, actions = member_proposes_a_minimal_sheet(page, base, people)
    print(f"Actions from « Proposer une fiche » to « en validation »: {actions}")
    referent = open_browser("referent")
    referent_requests_a_change(referent, base, people, sheet)
    member_fixes_and_sends_again(page, base, people, sheet)
    referent_approves(referent, base, sheet)
    published = facilitator_publishes(open_browser("facilitator"), base, people, sheet)
    anonymous = open_browser("anonymous")
    assert anonymous.goto(f"{base}{urlsplit(published.url).path}").status == 200
    expect(anonymous.locator("main h1")).to_have_text(TITLE)


def tab_to(page, locator, limit=80):
    """Press Tab until ``locator`` has the focus (fails if it never gets it)."""
    handle = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(element) => document.activeElement === element", handle):
            return
    pytest.fail(f"Never reached by the keyboard: {locator}")


def test_the_member_s_part_by_keyboard_only(site, page):
    base = site.url
    people = make_people()
    log_in(page, base, people.member.email, PASSWORD)
    page.goto(f"{base}/mon-compte/")
    main = page.locator("main")
    keyboard = page.keyboard
    tab_to(page, main.get_by_role("link", name="Proposer une fiche").first)
    keyboard.press("Enter")
    expect(main.get_by_label("Titre de la fiche")).to_be_visible()
    for label, text in (
        ("Titre de la fiche", TITLE),
        ("En bref", SUMMARY),
        ("Structure porteuse", ORGANISATION),
    ):
        tab_to(page, main.get_by_label(label))
        keyboard.type(text)
    tab_to(page, main.get_by_role("button", name="Enregistrer et continuer"))
    keyboard.press("Enter")
    box = main.get_by_label("Fracture numérique")
    expect(box).to_be_visible()
    tab_to(page, box)
    keyboard.press("Space")
    expect(box).to_be_checked()
    tab_to(page, main.get_by_role("button", name="Enregistrer et continuer"))
    keyboard.press("Enter")
    for label, text in (("Le point de départ", CONTEXT), ("Ce qui a été fait", DONE)):
        field = main.get_by_label(label)
        expect(field).to_be_visible()
        tab_to(page, field)
        keyboard.type(text)
    tab_to(page, main.get_by_role("button", name="Enregistrer et aller à « Relire et envoyer »"))
    keyboard.press("Enter")
    send = main.get_by_role("button", name="Envoyer pour validation")
    expect(send).to_be_visible()
    tab_to(page, send)
    keyboard.press("Enter")
    confirm = main.get_by_role("button", name="Oui, envoyer pour validation")
    expect(confirm).to_be_visible()
    tab_to(page, confirm)
    keyboard.press("Enter")
    expect(page.get_by_text("Fiche envoyée pour validation")).to_be_visible()
    sheet = PracticeSheetPage.objects.get(title=TITLE)
    assert sheet.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def keyboard_decides(page, base, email, button, comment=None, logged_in=False):
    """From « Mon compte », by keyboard: open the review, comment on one section, decide."""
    if not logged_in:
        log_in(page, base, email, PASSWORD)
    page.goto(f"{base}/mon-compte/")
    main = page.locator("main")
    tab_to(page, main.get_by_role("link", name=re.compile("Relire et décider")).first)
    page.keyboard.press("Enter")
    decision = main.get_by_role("button", name=button, exact=True)
    expect(decision).to_be_visible()
    if comment:
        tab_to(
            page,
            main.get_by_label(re.compile("Votre commentaire sur .{1,3}Ce qui a été fait")),
            200,
        )
        page.keyboard.type(comment)
    tab_to(page, decision, 200)
    page.keyboard.press("Enter")


def test_the_review_by_keyboard_only(site, page, open_browser):
    """The référent asks for a change, then approves; the facilitator publishes: keyboard only."""
    from practices.writing import service

    base = site.url
    people = make_people()
    sheet = service.start_sheet(
        people.member, people.territory, TITLE, {"summary": SUMMARY, "organisation": ORGANISATION}
    )
    service.save_step(
        sheet,
        people.member,
        lambda draft: (
            setattr(draft, "context", f"<p>{CONTEXT}</p>")
            or setattr(draft, "actions", [("paragraph", f"<p>{DONE}</p>")])
        ),
        base_revision_id=sheet.latest_revision_id,
    )
    service.submit(sheet, people.member)
    referent = open_browser("referent")
    keyboard_decides(referent, base, people.referent.email, "Demander des modifications", CHANGE)
    expect(referent.get_by_text("Modifications demandées à l’équipe")).to_be_visible()
    sheet = PracticeSheetPage.objects.get(pk=sheet.pk)
    service.submit(sheet, people.member)
    keyboard_decides(referent, base, people.referent.email, "Valider", logged_in=True)
    expect(referent.get_by_text("Fiche envoyée à l’équipe d’animation")).to_be_visible()
    facilitator = open_browser("facilitator")
    keyboard_decides(facilitator, base, people.facilitator.email, "Publier")
    expect(facilitator.get_by_text("Fiche publiée")).to_be_visible()
    assert PracticeSheetPage.objects.get(pk=sheet.pk).live
