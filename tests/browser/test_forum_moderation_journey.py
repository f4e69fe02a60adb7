"""End to end, in Chromium: a member flags a post with a canned reason; the moderator, told by a
notification and the forum's moderation link, hides it with a canned reason; its author sees
the notice on his hidden post, edits it, which puts it back in the queue; the moderator restores
it and everyone reads it again. The flag form, the moderation queue and the author's view of
his hidden post are checked with axe-core (WCAG 2.1 A/AA)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts import roles
from forum import services
from forum.links import thread_url
from forum.models import Flag, Notification
from forum.tests.factories import CategoryFactory
from tests.browser.conftest import assert_accessible
from tests.browser.test_membership_journey import log_in, log_out
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

ORIGINAL = "Mme Dupont, allocataire à Fictiville, n’a toujours pas reçu sa prime."
FIXED = "Une allocataire n’a toujours pas reçu sa prime : à qui s’adresser ?"


def _people_and_post():
    category = CategoryFactory(name="Entraide", slug="entraide", visibility="public")
    awa = UserFactory(first_name="Awa", last_name="Diallo", old=True)
    bruno = UserFactory(first_name="Bruno", last_name="Martin", old=True)
    marc = UserFactory(first_name="Marc", last_name="Membre", old=True)
    mona = UserFactory(
        first_name="Mona", last_name="Moderatrice", roles=[roles.MODERATOR], old=True
    )
    thread = services.create_thread(awa, category, "Les primes en retard", "Des retards ?")
    post = services.reply(bruno, thread, ORIGINAL)
    Notification.objects.all().delete()
    return thread, post, bruno, marc, mona


def marc_flags_the_post(page, base, thread, post):
    page.goto(f"{base}{thread_url(thread)}")
    page.locator(f"#message-{post.pk}").get_by_role("link", name=re.compile("^Signaler")).click()
    expect(page.locator("main h1")).to_have_text("Signaler un message")
    assert_accessible(page, "flag form")
    main = page.locator("main")
    main.locator("label", has_text="Données personnelles d’une personne accompagnée").click()
    expect(
        main.get_by_role("radio", name="Données personnelles d’une personne accompagnée")
    ).to_be_checked()
    main.get_by_role("textbox", name=re.compile("^Précisions")).fill("Son nom est cité.")
    main.get_by_role("button", name="Envoyer le signalement").click()
    expect(main).to_contain_text("votre signalement est transmis à l’équipe de modération")
    flag = Flag.objects.get()
    assert flag.reason == "Données personnelles d’une personne accompagnée — Son nom est cité."


def mona_hides_it(page, base, post):
    """The notification list shows the flag; the forum's link leads to the queue."""
    page.goto(f"{base}/forum/notifications/")
    main = page.locator("main")
    expect(main).to_contain_text("Marc Membre a signalé un message de Bruno Martin")
    page.goto(f"{base}/forum/")
    main.get_by_role("link", name=re.compile(r"^Modération\W+1 message signalé")).click()
    expect(page).to_have_url(f"{base}/forum/moderation/")
    assert_accessible(page, "moderation queue")
    card = main.locator("article", has_text="Les primes en retard")
    card.get_by_label("Motif prédéfini", exact=True).select_option(
        label="Données personnelles d’une personne accompagnée"
    )
    card.get_by_role("button", name="Masquer le message").click()
    expect(main).to_contain_text("Le message est masqué")
    post.refresh_from_db()
    assert post.is_hidden


def bruno_sees_the_notice_and_edits(page, base, thread, post):
    page.goto(f"{base}{thread_url(thread)}")
    article = page.locator(f"#message-{post.pk}")
    expect(article).to_contain_text("Ce message est masqué par la modération")
    expect(article).to_contain_text("Données personnelles d’une personne accompagnée")
    expect(article).to_contain_text(ORIGINAL)
    assert_accessible(page, "the author's hidden post")
    article.get_by_role("link", name="Modifier ce message").click()
    expect(page.locator("main h1")).to_have_text("Modifier un message")
    page.locator("main textarea[name=text]").fill(FIXED)
    page.get_by_role("button", name="Enregistrer la modification").click()
    expect(page.locator(f"#message-{post.pk}")).to_contain_text("il attend l’examen")
    post.refresh_from_db()
    assert post.is_hidden and post.resubmitted_at is not None


def mona_restores_it(page, base, post):
    page.goto(f"{base}/forum/moderation/")
    main = page.locator("main")
    card = main.locator("article", has_text="Message masqué modifié par son auteur")
    expect(card).to_contain_text("à qui s’adresser")
    card.get_by_role("textbox", name=re.compile("^Précisions")).fill("Merci pour la correction.")
    card.get_by_role("button", name="Rétablir le message").click()
    expect(main).to_contain_text("Le message est de nouveau visible")
    post.refresh_from_db()
    assert not post.is_hidden


def test_flag_hide_fix_and_restore(site, page):
    base = site.url
    thread, post, bruno, marc, mona = _people_and_post()
    mail.outbox.clear()

    log_in(page, base, marc.email)
    marc_flags_the_post(page, base, thread, post)
    log_out(page)

    log_in(page, base, mona.email)
    mona_hides_it(page, base, post)
    log_out(page)
    assert any(
        message.to == [marc.email] and "message masqué" in message.subject
        for message in mail.outbox
    )

    log_in(page, base, bruno.email)
    bruno_sees_the_notice_and_edits(page, base, thread, post)
    log_out(page)

    log_in(page, base, mona.email)
    mona_restores_it(page, base, post)
    log_out(page)

    page.goto(f"{base}{thread_url(thread)}")
    expect(page.locator(f"#message-{post.pk}")).to_contain_text(FIXED)
    told = Notification.objects.filter(user=bruno, kind=Notification.Kind.MODERATION)
    assert told.filter(message__contains="de nouveau visible").exists()
