"""End to end, in Chromium: a member asks a question in a public category of the forum, another
member replies and mentions her, she is notified (bell, notifications page, e-mail), opens the
reply from the notification and accepts it: the thread is « Résolu », the accepted answer right
after the question. The main pages are checked with axe-core (WCAG 2.1 A/AA)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from forum.models import Notification, Post, Thread
from forum.tests.factories import CategoryFactory
from tests.browser.conftest import assert_accessible
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PASSWORD = "mot-de-passe-test"  # the factory's default
TITLE = "Comment partager les listes de bénéficiaires avec la CAF ?"
QUESTION = "Nous voulons croiser nos fichiers avec la CAF : **quelle convention** signer ?"
REPLY = "@lea.martin une convention de partage suffit, avec une **analyse d’impact** (AIPD)."


def log_in(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/compte/login/")
    main = page.locator("main")
    main.get_by_label("E-mail").fill(email)
    main.get_by_role("textbox", name=re.compile(r"^Mot de passe")).fill(PASSWORD)
    main.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("banner").get_by_role("button", name="Se déconnecter")).to_be_visible()


# --- The steps of the journey --------------------------------------------------------------------


def make_people():
    """Léa and Karim, whose accounts are three days old."""
    three_days_ago = timezone.now() - timedelta(days=3)
    lea = UserFactory(
        first_name="Léa",
        last_name="Martin",
        email="lea.martin@example.org",
        date_joined=three_days_ago,
    )
    karim = UserFactory(
        first_name="Karim",
        last_name="Benali",
        email="karim.benali@example.org",
        date_joined=three_days_ago,
    )
    assert lea.handle == "lea.martin"
    assert lea.notification_frequency == "immediate"
    return lea, karim


def lea_opens_the_category(page, base, category):
    page.goto(f"{base}/forum/")
    expect(page.locator("main h1")).to_have_text("Forum")
    page.locator("main").get_by_role("link", name="Partage de données").click()
    expect(page).to_have_url(f"{base}/forum/{category.slug}/")
    expect(page.locator("main h1")).to_have_text("Partage de données")
    assert_accessible(page, "forum category page")


def lea_asks_her_question(page, base, category, lea):
    """The new-thread form: title, kind, Markdown text, preview, publication."""
    page.locator("main").get_by_role("link", name="Nouvelle discussion").click()
    expect(page).to_have_url(f"{base}/forum/{category.slug}/nouvelle/")
    assert_accessible(page, "new thread form")
    main = page.locator("main")
    main.get_by_role("textbox", name=re.compile(r"^Titre de la discussion")).fill(TITLE)
    main.get_by_role("radio", name="Question").check()
    main.get_by_role("textbox", name=re.compile(r"^Message")).fill(QUESTION)
    main.get_by_role("button", name="Prévisualiser").click()
    preview = main.get_by_role("region", name="Aperçu de votre message")
    expect(preview.locator("strong")).to_have_text("quelle convention")
    main.get_by_role("button", name="Publier la discussion").click()

    thread = Thread.objects.get(title=TITLE)
    expect(page).to_have_url(re.compile(rf"/forum/discussion/{thread.pk}-[\w-]+/$"))
    main = page.locator("main")
    expect(main).to_contain_text("Votre discussion est publiée.")
    expect(main.locator("h1")).to_have_text(TITLE)
    question = main.locator("section", has=page.get_by_role("heading", name="Question", level=2))
    expect(question.locator(".czn-post strong")).to_have_text("quelle convention")
    expect(question.get_by_role("heading", level=3)).to_have_text("Léa Martin")
    assert thread.kind == Thread.Kind.QUESTION and thread.author == lea
    assert_accessible(page, "thread page (question)")
    return thread


def karim_replies_and_mentions_her(browser, base, thread_address, thread, karim):
    """In his own browser."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.set_default_timeout(15_000)
    try:
        karim_page = context.new_page()
        log_in(karim_page, base, karim.email)
        karim_page.goto(thread_address)
        reply_box = karim_page.get_by_label("Votre réponse")
        reply_box.fill(REPLY)
        karim_page.get_by_role("button", name="Publier la réponse").click()
        expect(karim_page.locator("main")).to_contain_text("Votre réponse est publiée.")
        reply = Post.objects.get(thread=thread, is_first=False)
        expect(karim_page).to_have_url(re.compile(rf"#message-{reply.pk}$"))
        expect(karim_page.locator(f"#message-{reply.pk} .czn-mention")).to_have_text("@lea.martin")
    finally:
        context.close()
    return reply


def lea_is_notified(reply, lea, karim):
    """A mention notification, and one e-mail."""
    assert reply.author == karim
    mention = Notification.objects.get(user=lea, kind=Notification.Kind.MENTION)
    assert mention.post == reply and mention.actor == karim
    to_lea = [message for message in mail.outbox if lea.email in message.to]
    assert len(to_lea) == 1, [(m.to, m.subject) for m in mail.outbox]
    assert TITLE in to_lea[0].subject + to_lea[0].body
    return mention


def lea_follows_the_bell_to_the_reply(page, base, thread, reply, mention):
    """She reloads: the bell counts the notification; she follows it to the reply."""
    page.reload()
    bell = page.get_by_role("banner").get_by_role(
        "link", name=re.compile(r"^Notifications\W+\(1 non lue\)$")
    )
    expect(bell).to_be_visible()
    bell.click()
    expect(page).to_have_url(f"{base}/forum/notifications/")
    main = page.locator("main")
    expect(main.locator("h1")).to_have_text("Mes notifications")
    expect(main).to_contain_text("1 notification non lue.")
    main.get_by_role("link", name=f"Karim Benali vous mentionne dans « {TITLE} »").click()
    expect(page).to_have_url(
        re.compile(rf"/forum/discussion/{thread.pk}-[\w-]+/#message-{reply.pk}$")
    )
    answer = page.locator(f"#message-{reply.pk}")
    expect(answer.get_by_role("heading", level=3)).to_have_text("Karim Benali")
    mention.refresh_from_db()
    assert mention.read_at is not None
    return answer


def lea_accepts_the_answer(page, answer, thread, reply, karim):
    answer.get_by_role("button", name="Marquer comme réponse acceptée").click()
    main = page.locator("main")
    expect(main).to_contain_text(
        "La réponse est marquée comme acceptée : la discussion est résolue."
    )
    expect(main.locator("h1 + ul.fr-badges-group")).to_contain_text("Résolu")
    headings = main.locator("section > h2")
    expect(headings.nth(0)).to_have_text("Question")
    expect(headings.nth(1)).to_have_text("Réponse acceptée")
    accepted = main.locator("section", has=page.get_by_role("heading", name="Réponse acceptée"))
    expect(accepted.locator(f"#message-{reply.pk}")).to_contain_text("analyse d’impact")
    expect(accepted.locator(f"#message-{reply.pk}")).to_contain_text("Réponse acceptée")
    expect(main.get_by_role("button", name="Retirer la réponse acceptée")).to_be_visible()
    thread.refresh_from_db()
    assert thread.accepted_post == reply
    assert (
        Notification.objects.filter(user=karim, kind=Notification.Kind.ACCEPTED, post=reply).count()
        == 1
    )


def the_skip_link_leads_to_the_labelled_reply_box(page):
    """Keyboard: the skip button leads to the reply form: its formatting toolbar, then its
    labelled text area."""
    main = page.locator("main")
    main.get_by_role("link", name="Aller au formulaire de réponse").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#repondre")).to_be_focused()
    page.keyboard.press("Tab")  # the formatting toolbar, one tab stop
    expect(main.get_by_role("button", name="Gras")).to_be_focused()
    page.keyboard.press("Tab")
    expect(main.get_by_label("Votre réponse")).to_be_focused()


# --- The journey ---------------------------------------------------------------------------------


def test_question_reply_with_mention_and_accepted_answer(site, page, browser):
    base = site.url
    category = CategoryFactory(
        name="Partage de données", slug="partage-de-donnees", visibility="public"
    )
    lea, karim = make_people()
    mail.outbox.clear()

    log_in(page, base, lea.email)
    lea_opens_the_category(page, base, category)
    thread = lea_asks_her_question(page, base, category, lea)
    reply = karim_replies_and_mentions_her(browser, base, page.url, thread, karim)
    mention = lea_is_notified(reply, lea, karim)
    answer = lea_follows_the_bell_to_the_reply(page, base, thread, reply, mention)
    lea_accepts_the_answer(page, answer, thread, reply, karim)
    the_skip_link_leads_to_the_labelled_reply_box(page)
