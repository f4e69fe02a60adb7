"""End to end, in Chromium: a team member writes a practice sheet in the Wagtail admin (which
still works underneath the guided form) and
submits it to the workflow « Validation des fiches pratiques »; the référent of the territory
approves it from the admin dashboard; a facilitator approves the publication step from the
sheet's edit page (with a comment), which publishes it. Each step's e-mail is checked, and the
published sheet is opened anonymously."""

import re
import time
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect
from wagtail.models import TaskState

from accounts import roles
from practices.models import PracticeSheetPage
from practices.workflow import PUBLICATION_TASK_NAME, REFERENT_TASK_NAME
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_membership_journey import log_in
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PASSWORD = "mot-de-passe-test"  # the factories' default
TITLE = "Un bus des droits dans les hameaux"
SUMMARY = "Un bus itinérant ouvre les droits des habitants des hameaux, avec le CCAS et la CAF."
ORGANISATION = "CCAS de Fictiville-Test"
CONTEXT = "Dans les hameaux, un habitant sur trois ne demande pas la prime d’activité."
ACTIONS = "Le bus passe chaque mardi ; deux agents accompagnent les démarches en ligne."
COMMENT = "Belle fiche, merci !"


def messages_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def wait_for_mail(address: str, subject_part: str, timeout: float = 10.0):
    """The live server's thread queues the e-mails when its transaction commits (Celery runs
    eagerly): give it a moment rather than race it."""
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in messages_to(address) if subject_part in m.subject]
        if found:
            return found[-1]
        if time.monotonic() > deadline:
            pytest.fail(
                f"No e-mail to {address} about « {subject_part} »; sent: "
                f"{[(m.to, m.subject) for m in mail.outbox]}"
            )
        time.sleep(0.1)


@pytest.fixture
def open_browser(request, browser):
    """Another person's browser: a context of its own (cookies, session), closed at the end;
    screenshotted too when the test fails."""
    contexts = []

    def open_page(name: str):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        context.set_default_timeout(15_000)
        contexts.append((name, context))
        return context.new_page()

    yield open_page
    report = getattr(request.node, "rep_call", None)
    for name, context in contexts:
        if report is not None and report.failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            for index, other in enumerate(context.pages):
                try:
                    other.screenshot(path=str(ARTIFACTS / f"sheet_workflow_{name}_{index}.png"))
                except Exception as exc:  # never hide the test's own failure
                    print(f"Screenshot failed: {exc}")
        context.close()


def expect_admin_message(page, text: str) -> None:
    """Wait for the admin's success message; if the form came back with validation errors
    instead, fail with them (field and message), which a screenshot of the first tab hides."""
    success = page.get_by_text(text)
    failure = page.locator(".messages .error, .w-field__errors, .error-message")
    expect(success.or_(failure).first).to_be_visible()
    if not success.count():
        errors = page.evaluate(
            """() => Array.from(document.querySelectorAll('.w-field__errors, .error-message'))
                .map(e => {
                    const field = e.closest('[data-field-wrapper], .w-field__wrapper');
                    const input = field && field.querySelector('input, textarea, select');
                    return (input ? input.name + '=' + JSON.stringify(input.value) + ': ' : '')
                        + e.textContent.trim();
                })"""
        )
        pytest.fail(f"The admin form came back with errors instead of « {text} »: {errors}")


def footer_actions(page):
    """The action menu at the bottom of a Wagtail edit form, dropdown opened."""
    footer = page.get_by_role("navigation", name="Actions (pied de page)")
    expect(footer.get_by_role("button", name="Enregistrer le brouillon")).to_be_visible()
    footer.get_by_role("button", name="Plus d'actions").click()
    return footer


# --- The steps of the journey --------------------------------------------------------------------


def make_people():
    territory = TerritoryFactory(name="Fictiville-Test")
    member = MembershipFactory(
        territory=territory, user__first_name="Mona", user__last_name="Membre"
    ).user
    referent = MembershipFactory(
        territory=territory,
        role="referent",
        user__first_name="Rémi",
        user__last_name="Référent",
    ).user
    facilitator = UserFactory(roles=[roles.FACILITATOR], first_name="Fanny", last_name="Animatrice")
    return SimpleNamespace(
        territory=territory, member=member, referent=referent, facilitator=facilitator
    )


def member_fills_in_the_sheet_form(page, base, people):
    """The member writes a sheet in the Wagtail admin's form, in the territory's folder: the
    admin still works for teams (« Proposer une fiche » on the site leads to the guided form,
    tests/browser/test_sheet_guided_form.py)."""
    log_in(page, base, people.member.email, PASSWORD)
    folder = people.territory.practice_folder.pk
    page.goto(f"{base}/admin/pages/add/practices/practicesheetpage/{folder}/")
    form = page.locator("main")
    form.get_by_role("textbox", name=re.compile(r"^Titre")).fill(TITLE)
    form.get_by_role("textbox", name=re.compile(r"^Chapô")).fill(SUMMARY)
    form.get_by_role("textbox", name=re.compile(r"^Structure porteuse")).fill(ORGANISATION)

    # « Contexte et problème »: a Draftail editor (a contenteditable), saved into a hidden input.
    context_field = form.locator("[data-contentpath='context']")
    context_field.get_by_role("textbox").click()
    page.keyboard.type(CONTEXT)
    expect(context_field.get_by_role("textbox")).to_contain_text(CONTEXT)

    # « Ce qui a été fait »: a StreamField; insert a « Paragraphe » block and write in it.
    actions_field = form.locator("[data-contentpath='actions']")
    actions_field.get_by_role("button", name="Insérer un bloc").first.click()
    page.get_by_role("option", name="Paragraphe").click()
    paragraph = actions_field.get_by_role("textbox")
    expect(paragraph).to_have_count(1)
    paragraph.click()
    page.keyboard.type(ACTIONS)
    expect(paragraph).to_contain_text(ACTIONS)
    expect(actions_field.locator("input[name='actions-count']")).to_have_value("1")
    # Draftail writes its hidden inputs a moment after the last key stroke.
    expect(context_field.locator("input[name='context']")).to_have_value(re.compile("hameaux"))
    expect(actions_field.locator("input[name='actions-0-value']")).to_have_value(
        re.compile("chaque mardi")
    )


def the_draft_is_saved(page):
    """Wagtail autosaves the new page as a draft (500 ms after the last change) and the form then
    becomes the draft's edit form. Submitting while that first autosave is on its way would
    post the creation form a second time (« Le slug … est déjà utilisé »): wait, as a person
    reading the « Enregistré » indicator would. The last change was made above (the hidden
    inputs hold it): past the autosave's delay, the save of it has started, and the indicator
    says « saved » once it is done. (No database polling from here: on SQLite this thread's
    connection would lock the tables the live server writes.)"""
    page.wait_for_timeout(getattr(settings, "WAGTAIL_AUTOSAVE_INTERVAL", 500) + 200)
    edit_url = re.compile(r"/admin/pages/\d+/edit/$")
    try:
        expect(page).to_have_url(edit_url)
    except AssertionError:
        # On a loaded machine Wagtail may take its snapshot of the form after the fields above
        # were filled: it then sees no change and never autosaves (no save is on its way). The
        # person sees no « Enregistré » and saves the draft themselves.
        page.get_by_role("navigation", name="Actions (pied de page)").get_by_role(
            "button", name="Enregistrer le brouillon"
        ).click()
        expect(page).to_have_url(edit_url)
    else:
        expect(page.locator("#w-autosave-indicator")).to_have_attribute(
            "data-w-autosave-state-value", "saved"
        )


def member_submits_it_to_the_workflow(page, people):
    """From the footer's menu; the référent is told."""
    footer_actions(page).get_by_role(
        "button", name="Soumettre à Validation des fiches pratiques"
    ).click()
    expect_admin_message(page, f"Fiche envoyée pour validation (« {TITLE} »).")
    sheet = PracticeSheetPage.objects.get(title=TITLE)
    assert not sheet.live
    assert sheet.territory == people.territory
    assert sheet.owner == people.member
    assert sheet.summary == SUMMARY
    assert sheet.organisation == ORGANISATION
    assert CONTEXT in sheet.context
    assert [block.block_type for block in sheet.actions] == ["paragraph"]
    assert ACTIONS in str(sheet.actions[0].value)
    assert sheet.current_workflow_task.name == REFERENT_TASK_NAME
    to_referent = wait_for_mail(people.referent.email, f"Fiche à valider : « {TITLE} »")
    assert "Fictiville-Test" in to_referent.subject
    assert f"/fiches/relecture/{sheet.pk}/" in to_referent.body
    assert not messages_to(people.member.email)  # nobody is told about their own action
    assert not messages_to(people.facilitator.email)  # the territory has a référent
    return sheet


def the_draft_is_not_public(anonymous, base, sheet):
    response = anonymous.goto(f"{base}{urlsplit(sheet.url).path}")
    assert response.status == 404
    expect(anonymous.locator("body")).not_to_contain_text(SUMMARY)


def referent_approves_from_the_dashboard(referent_page, base, people, sheet):
    """From « En attente de votre vérification »; the facilitators are told."""
    log_in(referent_page, base, people.referent.email, PASSWORD)
    referent_page.goto(f"{base}/admin/")
    review = referent_page.locator("#awaiting-review-section")
    expect(review.get_by_role("heading")).to_have_text("En attente de votre vérification")
    row = review.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("Mona Membre")
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Valider", exact=True).click()
    expect(referent_page.get_by_role("row").filter(has_text=TITLE)).to_have_count(0)
    expect(referent_page.locator("main").get_by_role("status")).to_contain_text(
        f"Fiche validée : envoyée à l’équipe d’animation (« {TITLE} »)."
    )
    to_facilitator = wait_for_mail(people.facilitator.email, f"Fiche à publier : « {TITLE} »")
    assert "Rémi Référent" in to_facilitator.body
    sheet = PracticeSheetPage.objects.get(pk=sheet.pk)
    assert sheet.current_workflow_task.name == PUBLICATION_TASK_NAME
    assert not sheet.live


def facilitator_approves_the_publication_with_a_comment(facilitator_page, base, people, sheet):
    """From the edit page; back to the folder's listing, where the sheet is now published."""
    log_in(facilitator_page, base, people.facilitator.email, PASSWORD)
    facilitator_page.goto(f"{base}/admin/pages/{sheet.pk}/edit/")
    footer_actions(facilitator_page).get_by_role(
        "button", name="Approuver avec un commentaire et Publier"
    ).click()
    dialog = facilitator_page.get_by_role("dialog").filter(
        has=facilitator_page.get_by_role("heading", name="Approuver avec un commentaire")
    )
    dialog.get_by_label("Commenter").fill(COMMENT)
    dialog.get_by_role("button", name="Approuver avec un commentaire").click()
    main = facilitator_page.locator("main")
    expect(main.get_by_role("status")).to_contain_text(f"Fiche publiée (« {TITLE} »).")
    expect(
        main.get_by_role("row").filter(has_text=TITLE).get_by_role("link", name="publiée")
    ).to_be_visible()


def the_sheet_is_published_and_its_author_told(people, sheet):
    """Both steps approved by their people; returns the sheet's public path."""
    sheet = PracticeSheetPage.objects.get(pk=sheet.pk)
    assert sheet.live
    assert sheet.current_workflow_state is None
    steps = {
        state.task.name: state
        for state in TaskState.objects.filter(workflow_state__object_id=str(sheet.pk))
    }
    assert steps[REFERENT_TASK_NAME].status == TaskState.STATUS_APPROVED
    assert steps[REFERENT_TASK_NAME].finished_by == people.referent
    assert steps[PUBLICATION_TASK_NAME].status == TaskState.STATUS_APPROVED
    assert steps[PUBLICATION_TASK_NAME].finished_by == people.facilitator
    assert steps[PUBLICATION_TASK_NAME].comment == COMMENT
    published = wait_for_mail(people.member.email, f"Votre fiche « {TITLE} » est publiée")
    public_path = urlsplit(sheet.url).path
    assert public_path in published.body
    assert "Fanny Animatrice" in published.body
    return public_path


def anyone_may_read_it(anonymous, base, public_path):
    response = anonymous.goto(f"{base}{public_path}")
    assert response.status == 200
    expect(anonymous.locator("main h1")).to_have_text(TITLE)
    expect(anonymous.locator("main")).to_contain_text(SUMMARY)
    expect(anonymous.locator("main")).to_contain_text(ACTIONS)


# --- The journey ---------------------------------------------------------------------------------


def test_member_writes_a_sheet_through_to_publication(site, page, open_browser):
    base = site.url
    people = make_people()
    mail.outbox.clear()

    member_fills_in_the_sheet_form(page, base, people)
    the_draft_is_saved(page)
    sheet = member_submits_it_to_the_workflow(page, people)
    anonymous = open_browser("anonymous")
    the_draft_is_not_public(anonymous, base, sheet)
    referent_approves_from_the_dashboard(open_browser("referent"), base, people, sheet)
    facilitator_approves_the_publication_with_a_comment(
        open_browser("facilitator"), base, people, sheet
    )
    public_path = the_sheet_is_published_and_its_author_told(people, sheet)
    anyone_may_read_it(anonymous, base, public_path)
