"""Cached fragments of logged-in pages (website.fragment_cache): a change shows at once, and one
person's rights never leak into another person's page."""

import re

import pytest
from django.core.cache import cache

from accounts.models import Membership
from forum.models import Category
from forum.tests.utils import category, old_user, thread
from practices.tests.test_sheet_page import make_sheet
from tests.factories import MembershipFactory, TerritoryFactory
from website import fragment_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 60
    cache.clear()


def _stored_fragments() -> int:
    return sum(1 for key in cache._cache if ":fragment:" in key)  # locmem in tests


def test_fragments_are_stored_and_served(client):
    client.force_login(old_user())
    first = client.get("/")
    stored = _stored_fragments()
    second = client.get("/")
    assert first.status_code == second.status_code == 200
    assert stored > 0
    assert _stored_fragments() == stored  # the second visit found them all


def test_a_new_sheet_shows_at_once_on_the_home_page_of_a_member(
    client, django_capture_on_commit_callbacks
):
    territory = TerritoryFactory(name="Fictiville")
    member = old_user()
    MembershipFactory(user=member, territory=territory)
    client.force_login(member)
    assert "Une fiche toute neuve" not in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        make_sheet(territory, title="Une fiche toute neuve")
    assert "Une fiche toute neuve" in client.get("/").content.decode()


def test_a_new_reply_shows_at_once_in_the_thread(client, django_capture_on_commit_callbacks):
    from forum import services

    author = old_user()
    reader = old_user()
    discussion = thread(author=author, text="Le tout premier message.")
    url = f"/forum/discussion/{discussion.pk}/"
    client.force_login(reader)
    url = client.get(url, follow=True).redirect_chain[-1][0]
    assert "Une réponse toute fraîche" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(author, discussion, "Une réponse toute fraîche")
    assert "Une réponse toute fraîche" in client.get(url).content.decode()


def test_an_edited_sheet_shows_at_once(client, django_capture_on_commit_callbacks):
    territory = TerritoryFactory()
    sheet = make_sheet(territory, title="Avant la modification")
    client.force_login(old_user())
    assert "Avant la modification" in client.get(sheet.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sheet.title = "Après la modification"
        sheet.save_revision().publish()
    content = client.get(sheet.url).content.decode()
    assert "Après la modification" in content and "Avant la modification" not in content


def test_an_unpublished_sheet_is_gone_at_once(client, django_capture_on_commit_callbacks):
    territory = TerritoryFactory()
    sheet = make_sheet(territory, title="Bientôt retirée")
    client.force_login(old_user())
    assert client.get(sheet.url).status_code == 200  # route and fragments now cached
    assert client.get(sheet.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        sheet.unpublish()
    assert client.get(sheet.url).status_code == 404


def test_territory_threads_never_show_to_people_outside_the_territory(client):
    """The home page's « Discussions actives » is cached per visibility profile: a member of
    the territory and an outsider, served one after the other, each see their own."""
    territory = TerritoryFactory(name="Fictiville")
    insider = old_user()
    MembershipFactory(user=insider, territory=territory)
    outsider = old_user()
    private = category(
        slug="fictiville-equipe", visibility=Category.Visibility.TERRITORY, territory=territory
    )
    thread(author=insider, in_category=private, title="Réservé à l’équipe de Fictiville")
    thread(in_category=category(slug="entraide"), title="Ouvert à tous")

    client.force_login(insider)
    inside = client.get("/").content.decode()
    client.force_login(outsider)
    outside = client.get("/").content.decode()
    client.force_login(insider)
    inside_again = client.get("/").content.decode()

    assert "Réservé à l’équipe de Fictiville" in inside
    assert "Réservé à l’équipe de Fictiville" not in outside
    assert "Ouvert à tous" in outside
    assert "Réservé à l’équipe de Fictiville" in inside_again


def test_a_new_membership_changes_what_the_person_sees_at_once(
    client, django_capture_on_commit_callbacks
):
    territory = TerritoryFactory()
    person = old_user()
    private = category(
        slug="equipe-privee", visibility=Category.Visibility.TERRITORY, territory=territory
    )
    insider = old_user()
    MembershipFactory(user=insider, territory=territory)
    thread(author=insider, in_category=private, title="Discussion de l’équipe")
    client.force_login(person)
    assert "Discussion de l’équipe" not in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        MembershipFactory(user=person, territory=territory, status=Membership.Status.ACCEPTED)
    assert "Discussion de l’équipe" in client.get("/").content.decode()


def test_personal_bits_are_never_shared(client):
    """Two people read the same thread: each sees their own name in no cached part, their own
    « Modifier » buttons on their own posts only, and their own CSRF token in every form."""
    alice = old_user(first_name="Alice", last_name="Autrice")
    bob = old_user(first_name="Bob", last_name="Lecteur")
    discussion = thread(author=alice, text="Message d’Alice.")
    url = f"/forum/discussion/{discussion.pk}/"

    client.force_login(alice)
    alice_page = client.get(url, follow=True)
    alice_html = alice_page.content.decode()
    client.force_login(bob)
    bob_page = client.get(url, follow=True)
    bob_html = bob_page.content.decode()

    edit_url = f"/forum/message/{discussion.posts.get().pk}/modifier/"
    assert edit_url in alice_html
    assert edit_url not in bob_html  # Alice's cached post is not Bob's
    assert "Signaler" in bob_html and "Signaler" not in alice_html

    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', bob_html)
    assert tokens, "the forms of the page carry a token"
    assert fragment_cache.CSRF_PLACEHOLDER not in bob_html
    assert fragment_cache.CSRF_PLACEHOLDER not in alice_html
    alice_tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', alice_html))
    assert not alice_tokens & set(tokens)


def test_reacting_works_with_the_token_put_back_in_a_cached_post():
    from django.test import Client

    author = old_user()
    reader = old_user()
    discussion = thread(author=author, text="Merci d’avance.")
    post = discussion.posts.get()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reader)
    page = browser.get(f"/forum/discussion/{discussion.pk}/", follow=True)
    browser.get(page.redirect_chain[-1][0])  # the post now comes from the cache
    html = browser.get(page.redirect_chain[-1][0]).content.decode()
    form = re.search(
        rf'action="/forum/message/{post.pk}/reagir/"[^>]*>\s*<input type="hidden" '
        r'name="csrfmiddlewaretoken" value="([^"]+)"',
        html,
    )
    assert form, "the reaction form is there, with a token"
    response = browser.post(
        f"/forum/message/{post.pk}/reagir/",
        {"kind": "merci", "csrfmiddlewaretoken": form.group(1)},
    )
    assert response.status_code in (200, 302)
    assert post.reactions.filter(user=reader).exists()


def test_nothing_with_a_real_csrf_token_is_stored():
    assert not fragment_cache.storable(
        '<input type="hidden" name="csrfmiddlewaretoken" value="abc">'
    )
    assert fragment_cache.storable(fragment_cache.CSRF_PLACEHOLDER_INPUT + "<p>ok</p>")
    assert not fragment_cache.storable('<script nonce="abc"></script>')


def test_the_cache_off_renders_the_same_page(client, settings):
    territory = TerritoryFactory()
    sheet = make_sheet(territory, title="Fiche comparée")
    client.force_login(old_user())

    def normalised(html):
        return re.sub(
            r'(csrfmiddlewaretoken" value|submission_token" value|nonce)="[^"]+"', r'\1="x"', html
        )

    settings.FRAGMENT_CACHE_SECONDS = 0
    reference = {url: normalised(client.get(url).content.decode()) for url in ("/", sheet.url)}
    settings.FRAGMENT_CACHE_SECONDS = 60
    for url in ("/", sheet.url):
        client.get(url)
        assert normalised(client.get(url).content.decode()) == reference[url]


def _thread_with_replies(replies: int):
    from forum.tests.utils import bulk_replies

    author = old_user(first_name="Autrice")
    discussion = thread(author=author, text="La question posée.")
    bulk_replies(discussion, replies)
    return author, discussion


def _normalised(html: str) -> str:
    return re.sub(
        r'(csrfmiddlewaretoken" value|submission_token" value|nonce)="[^"]+"', r'\1="x"', html
    )


@pytest.mark.parametrize("page", ["", "?page=2", "?page=999", "?page=abc"])
def test_a_thread_read_again_loads_no_post_and_shows_the_same_page(
    client, settings, django_assert_max_num_queries, page
):
    """The second reading takes the page's posts from the cache: no query reads a post's text,
    and the page is the one rendered without any cache."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _author, discussion = _thread_with_replies(25)  # two pages of replies
    reader = old_user()
    client.force_login(reader)
    url = client.get(f"/forum/discussion/{discussion.pk}/", follow=True).redirect_chain[-1][0]
    url += page
    settings.FRAGMENT_CACHE_SECONDS = 0
    client.get(url)  # reading the page moves the read mark: the next readings are alike
    reference = _normalised(client.get(url).content.decode())
    settings.FRAGMENT_CACHE_SECONDS = 60
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second.status_code == 200
    assert _normalised(second.content.decode()) == reference
    texts = [q["sql"] for q in queries.captured_queries if '"forum_post"."html"' in q["sql"]]
    assert texts == []
    assert len(queries.captured_queries) <= 14


def test_a_reaction_shows_at_once_in_a_cached_thread(client, django_capture_on_commit_callbacks):
    from forum import services
    from forum.models import Reaction

    author, discussion = _thread_with_replies(3)
    reader, other = old_user(), old_user()
    client.force_login(reader)
    url = client.get(f"/forum/discussion/{discussion.pk}/", follow=True).redirect_chain[-1][0]
    target = discussion.posts.filter(is_first=False).order_by("created_at").first()
    before = client.get(url).content.decode()
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        services.react(other, target, Reaction.Kind.USEFUL)
    after = client.get(url).content.decode()
    assert after != before

    # The reader's own reaction is theirs: the other person's page does not show it as theirs.
    with django_capture_on_commit_callbacks(execute=True):
        services.react(reader, target, Reaction.Kind.THANKS)
    reader_html = client.get(url).content.decode()
    client.force_login(other)
    other_html = client.get(url).content.decode()
    assert reader_html.count('aria-pressed="true"') == 1
    assert other_html.count('aria-pressed="true"') == 1
    assert _normalised(reader_html) != _normalised(other_html)


def test_the_first_unread_link_follows_new_replies(client, django_capture_on_commit_callbacks):
    from forum import services

    author, discussion = _thread_with_replies(3)
    reader = old_user()
    client.force_login(reader)
    url = client.get(f"/forum/discussion/{discussion.pk}/", follow=True).redirect_chain[-1][0]
    assert "premier message non lu" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        post = services.reply(author, discussion, "Du nouveau dans la discussion.")
    html = client.get(url).content.decode()
    assert f'#message-{post.pk}">Aller au premier message non lu' in html


@pytest.mark.parametrize("path", ["/", "/fiches/", "/forum/"])
def test_the_layout_fragments_are_all_read_in_the_one_prefetch(client, monkeypatch, path):
    """website.middleware.CachedSiteMiddleware prefetches the fragments of base.html and the
    header by name: if a template renames or adds one, this fails (the page would still be
    right, only slower)."""
    client.force_login(old_user())
    client.get(path)  # stores them
    fetched_alone = []
    original = fragment_cache.get

    def recording_get(key, *args):
        fetched_alone.append(key)
        return original(key, *args)

    monkeypatch.setattr(fragment_cache, "get", recording_get)
    assert client.get(path).status_code == 200
    layout = ("head-assets", "theme-modal", "header-")
    assert [key for key in fetched_alone if any(f":tpl:{name}" in key for name in layout)] == []
