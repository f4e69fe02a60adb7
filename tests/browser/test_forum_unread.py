"""In Chromium: a member who read a thread an hour ago follows the header's « Nouveautés du
forum » link, sees the thread with its 2 unread messages in « Non lus » (not the restricted
category's thread she may not read) and a new thread in « Nouveautés », opens the thread (read
now), then marks everything read. Both tabs and their empty states are checked with axe-core
(0 serious/critical violation)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts import roles
from forum.models import Category, Post, ReadMark, Thread
from forum.tests import utils
from forum.tests.factories import CategoryFactory, ThreadFactory
from tests.browser.conftest import assert_accessible
from tests.browser.test_membership_journey import log_in
from tests.factories import TerritoryFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def _world():
    reader = UserFactory(first_name="Léa", last_name="Martin", email="lea@example.org", old=True)
    moderator = UserFactory(roles=[roles.MODERATOR], old=True)
    public = CategoryFactory(slug="entraide", name="Entraide")
    restricted = CategoryFactory(
        slug="equipe",
        visibility=Category.Visibility.TERRITORY,
        territory=TerritoryFactory(name="Fictiville"),
    )
    followed = ThreadFactory(category=public, title="Repérer les retraités modestes")
    secret = ThreadFactory(category=restricted, author=moderator, title="Sujet réservé")
    hour_ago = timezone.now() - timedelta(hours=1)
    for thread in (followed, secret):
        Thread.objects.filter(pk=thread.pk).update(created_at=hour_ago, last_post_at=hour_ago)
        Post.objects.filter(thread=thread).update(created_at=hour_ago)
        ReadMark.objects.create(user=reader, thread=thread, last_read_at=hour_ago)
    utils.reply(followed, text="Nous avons croisé les fichiers de la CAF.")
    utils.reply(followed, text="Et ceux de la CPAM.")
    utils.reply(secret, moderator, "Réservé à l’équipe de Fictiville.")
    ThreadFactory(category=public, title="Nouvelle question sur l’APL")
    return reader


def test_unread_and_new_threads(site, page):
    base = site.url
    reader = _world()
    log_in(page, base, reader.email)

    page.goto(f"{base}/forum/")
    page.get_by_role("banner").get_by_role("link", name="Nouveautés du forum").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Non lus et nouveautés")
    main = page.locator("main")
    row = main.get_by_role("row").filter(has_text="Repérer les retraités modestes")
    expect(row).to_contain_text("2 messages non lus")
    expect(main).not_to_contain_text("Sujet réservé")
    expect(main.get_by_role("link", name="Non lus (1)")).to_have_attribute("aria-current", "page")
    assert_accessible(page, "Non lus")

    main.get_by_role("link", name="Nouveautés (1)").click()
    expect(main.get_by_role("link", name="Nouvelle question sur l’APL")).to_be_visible()
    assert_accessible(page, "Nouveautés")

    main.get_by_role("link", name="Non lus (1)").click()
    main.get_by_role("link", name="Repérer les retraités modestes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Repérer les retraités modestes")
    page.goto(f"{base}/forum/nouveautes/")
    expect(main).to_contain_text("Vous êtes à jour")

    main.get_by_role("button", name="Tout marquer comme lu").click()
    expect(page.get_by_text("Toutes les discussions sont marquées comme lues.")).to_be_visible()
    main.get_by_role("link", name="Nouveautés (0)").click()
    expect(main).to_contain_text("Aucune nouvelle discussion à lire depuis 14 jours.")
    assert_accessible(page, "Nouveautés, vide")
