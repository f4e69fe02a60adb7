"""A thread's page is shared by logged-in people with the same rights (website.member_cache);
what is each person's own — their reactions, what they may do with each post, the posts new to
them, the first unread one, their notification level, the reply form — is rendered for them
(forum.thread_holes), and reading from the cache still moves their read mark."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from forum import notifications, services
from forum.links import thread_url
from forum.models import Post, ReadMark, Subscription
from forum.tests.factories import CategoryFactory, ThreadFactory
from forum.tests.utils import old_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def caches_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 60
    settings.MEMBER_PAGE_CACHE_SECONDS = 60
    cache.clear()


@pytest.fixture
def world():
    alice = old_user(first_name="Alice", last_name="Aubert")
    bob = old_user(first_name="Bob", last_name="Berger")
    claude = old_user(first_name="Claude", last_name="Chevalier")
    thread = ThreadFactory(
        author=claude, category=CategoryFactory(slug="entraide"), title="Le bus du samedi"
    )
    first_reply = services.reply(bob, thread, "Réponse de Bob.")
    services.reply(alice, thread, "Réponse d’Alice.")
    services.react(bob, thread.posts.get(is_first=True), "merci")
    two_hours_ago = timezone.now() - timedelta(hours=2)
    Post.objects.filter(pk=first_reply.pk).update(created_at=two_hours_ago)
    Post.objects.filter(thread=thread, is_first=True).update(created_at=two_hours_ago)
    ReadMark.objects.update_or_create(
        user=bob, thread=thread, defaults={"last_read_at": timezone.now() - timedelta(hours=1)}
    )
    notifications.set_level(bob, Subscription.Level.MUTED, thread=thread)
    return {"alice": alice, "bob": bob, "thread": thread}


def _get(person, url):
    browser = Client()
    browser.force_login(person)
    response = browser.get(url)
    assert response.status_code == 200
    return response.get("X-Cache", ""), response.content.decode()


def _normalised(html: str) -> str:
    return re.sub(
        r'(csrfmiddlewaretoken" value|submission_token" value|nonce)="[^"]+"', r'\1="x"', html
    )


def test_a_second_person_gets_the_shared_page_with_their_own_parts(world, settings):
    url = thread_url(world["thread"])
    label, _html = _get(world["alice"], url)
    assert label == "MISS-MEMBER"  # stored
    label, from_cache = _get(world["bob"], url)
    assert label == "HIT-MEMBER"
    for cache_setting in ("PAGE_CACHE_SECONDS", "FRAGMENT_CACHE_SECONDS"):
        setattr(settings, cache_setting, 0)
    settings.MEMBER_PAGE_CACHE_SECONDS = 0
    ReadMark.objects.filter(user=world["bob"]).update(
        last_read_at=timezone.now() - timedelta(hours=1)
    )
    _label, uncached = _get(world["bob"], url)
    assert _normalised(from_cache) == _normalised(uncached)
    # What is Bob's: his reaction pressed, his own reply editable, Alice's new to him, muted.
    assert 'aria-pressed="true"' in from_cache
    assert from_cache.count(">Nouveau</p>") == 1
    assert 'value="muted" checked' in from_cache
    assert "Aller au premier message non lu" in from_cache


def test_reading_from_the_cache_moves_the_read_mark(world):
    url = thread_url(world["thread"])
    _get(world["alice"], url)
    before = ReadMark.objects.get(user=world["bob"]).last_read_at
    label, _html = _get(world["bob"], url)
    assert label == "HIT-MEMBER"
    after = ReadMark.objects.get(user=world["bob"]).last_read_at
    assert after > before
    assert after == world["thread"].posts.order_by("-created_at").first().created_at
    label, html = _get(world["bob"], url)
    assert label == "HIT-MEMBER" and ">Nouveau</p>" not in html


def test_the_author_gets_their_edit_links_the_others_do_not(world):
    url = thread_url(world["thread"])
    _get(world["bob"], url)
    _label, alices = _get(world["alice"], url)
    alice_post = world["thread"].posts.get(author=world["alice"])
    bob_post = world["thread"].posts.get(author=world["bob"], is_first=False)
    assert f"/forum/message/{alice_post.pk}/modifier/" in alices
    assert f"/forum/message/{bob_post.pk}/modifier/" not in alices
    assert f"/forum/message/{bob_post.pk}/signaler/" in alices


def test_pages_with_a_hidden_post_or_a_quote_are_never_shared(world):
    from accounts import roles
    from forum import moderation
    from tests.factories import UserFactory

    url = thread_url(world["thread"])
    assert _get(world["alice"], f"{url}?citer=1")[0] == ""
    moderator = UserFactory(roles=[roles.MODERATOR])
    alice_post = world["thread"].posts.get(author=world["alice"])
    moderation.hide_post(moderator, alice_post, "Données personnelles d’une personne accompagnée")
    _label, alices = _get(world["alice"], url)
    assert _label == "" and "Réponse d’Alice." in alices  # her own hidden post, to fix it
    _label, bobs = _get(world["bob"], url)
    assert _label == "" and "Réponse d’Alice." not in bobs


def test_a_cached_copy_costs_few_queries(world, django_assert_max_num_queries):
    url = thread_url(world["thread"])
    _get(world["alice"], url)
    browser = Client()
    browser.force_login(world["bob"])
    browser.get(url)  # Bob's own state, read mark moved
    with django_assert_max_num_queries(8):
        response = browser.get(url)
    assert response["X-Cache"] == "HIT-MEMBER"
