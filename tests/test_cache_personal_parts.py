"""Every page the caches serve, rendered for two people with the same rights: the copy the
second person gets from the cache (whole page with its holes, or fragments stored by the first)
is exactly their own page rendered without any cache, and holds nothing of the first person's."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.models import Membership
from forum.models import Notification
from forum.tests import utils as forum_data
from practices.tests.test_sheet_page import make_sheet
from search.models import SavedSearch
from tests.factories import MembershipFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

ADDRESSES = [
    "/",
    "/fiches/",
    "sheet",
    "/forum/",
    "category",
    "thread",
    "/recherche/?q=bus",
    "/evenements/",
    "/bibliotheque/",
]


@pytest.fixture
def world():
    from events.services import ensure_index
    from website.models import HomePage

    ensure_index(HomePage.objects.first())
    territory = TerritoryFactory(name="Fictiville")
    alice = forum_data.old_user(first_name="Alice", last_name="Aubert", email="alice@example.org")
    bob = forum_data.old_user(first_name="Bob", last_name="Berger", email="bob@example.org")
    for person in (alice, bob):
        MembershipFactory(user=person, territory=territory, status=Membership.Status.ACCEPTED)
    sheet = make_sheet(territory, title="Un bus des droits")
    category = forum_data.category("entraide-cache")
    # A fixed author: a random one might share a name with Alice, whose name must not leak.
    author = forum_data.old_user(first_name="Claude", last_name="Chevalier")
    thread = forum_data.thread(
        author=author, in_category=category, title="Le bus passe-t-il le samedi ?"
    )
    # What only Alice has: an unread notification (the bell) and a saved search.
    Notification.objects.create(user=alice, kind=Notification.Kind.REPLY, thread=thread)
    SavedSearch.objects.create(user=alice, query_string="q=bus")
    return {"alice": alice, "bob": bob, "sheet": sheet, "thread": thread, "category": category}


def _address(world, address):
    from forum.links import thread_url

    if address == "sheet":
        return world["sheet"].url
    if address == "thread":
        return thread_url(world["thread"])
    if address == "category":
        return f"/forum/{world['category'].slug}/"
    return address


def _page(person, url) -> tuple[str, str]:
    browser = Client()
    browser.force_login(person)
    response = browser.get(url)
    assert response.status_code == 200, url
    return response.get("X-Cache", ""), response.content.decode()


def _normalised(html: str) -> str:
    return re.sub(
        r'(csrfmiddlewaretoken" value|submission_token" value|nonce)="[^"]+"', r'\1="x"', html
    )


@pytest.mark.parametrize("address", ADDRESSES)
def test_the_second_person_gets_their_own_page_from_the_cache(world, address, settings):
    url = _address(world, address)
    cache.clear()
    _page(world["alice"], url)  # stores the page, or its fragments
    label, from_cache = _page(world["bob"], url)
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    settings.MEMBER_PAGE_CACHE_SECONDS = 0
    _label, uncached = _page(world["bob"], url)
    for personal in ("Alice", "Aubert", "alice@example.org"):
        assert personal not in from_cache
    assert _normalised(from_cache) == _normalised(uncached)
    if address not in ("/forum/", "category"):
        assert label == "HIT-MEMBER"  # the whole page came from the cache


def test_anonymous_copies_are_the_page_itself(world, settings):
    """An anonymous copy is the page as rendered without cache (nonce aside)."""
    for address in ADDRESSES:
        url = _address(world, address)
        cache.clear()
        Client().get(url)
        cached = Client().get(url)
        assert cached["X-Cache"] == "HIT", url
        settings.PAGE_CACHE_SECONDS = 0
        settings.FRAGMENT_CACHE_SECONDS = 0
        fresh = Client().get(url)
        settings.PAGE_CACHE_SECONDS = 300
        settings.FRAGMENT_CACHE_SECONDS = 300
        assert _normalised(cached.content.decode()) == _normalised(fresh.content.decode()), url
