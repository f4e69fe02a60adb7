"""Whole logged-in pages cached per rights profile (website.member_cache): the personal parts
(notifications, saved search, CSRF tokens) are each person's own, people with other rights never
get the page, and any change shows at once."""

import re

import pytest
from django.contrib.messages import constants
from django.core.cache import cache
from django.test import Client

from accounts.models import Membership
from forum.models import Notification
from forum.tests.utils import old_user
from practices.tests.test_sheet_page import make_sheet
from search.models import SavedSearch
from tests.factories import MembershipFactory, TerritoryFactory
from website import member_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def member_cache_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 60
    settings.MEMBER_PAGE_CACHE_SECONDS = 60
    cache.clear()


@pytest.fixture
def team():
    territory = TerritoryFactory(name="Fictiville")
    alice = old_user(first_name="Alice")
    bob = old_user(first_name="Bob")
    for person in (alice, bob):
        MembershipFactory(user=person, territory=territory, status=Membership.Status.ACCEPTED)
    return territory, alice, bob


def _get(person, url):
    browser = Client()
    browser.force_login(person)
    return browser.get(url)


def _normalised(html: str) -> str:
    return re.sub(
        r'(csrfmiddlewaretoken" value|submission_token" value|nonce)="[^"]+"', r'\1="x"', html
    )


@pytest.mark.parametrize(
    "address",
    [
        "/",
        "/fiches/",
        "/fiches/?tri=titre",
        "sheet",
        "/recherche/?q=bus",
        "/evenements/",
        "/bibliotheque/",
    ],
)
def test_people_with_the_same_rights_share_the_page(team, address):
    territory, alice, bob = team
    sheet = make_sheet(territory, title="Un bus des droits")
    if address == "/evenements/":
        from events.services import ensure_index
        from website.models import HomePage

        ensure_index(HomePage.objects.first())
    url = sheet.url if address == "sheet" else address
    first = _get(alice, url)
    second = _get(bob, url)
    assert first["X-Cache"] == "MISS-MEMBER"
    assert second["X-Cache"] == "HIT-MEMBER"
    assert _normalised(first.content.decode()) == _normalised(second.content.decode())
    for response in (first, second):
        assert "czn-hole" not in response.content.decode()
        assert member_cache._CSRF_SLOT not in response.content.decode()


def test_every_copy_of_a_member_page_gets_its_own_csp_nonce(team):
    _territory, alice, bob = team
    pages = [_get(alice, "/"), _get(bob, "/"), _get(bob, "/")]
    assert [page["X-Cache"] for page in pages] == ["MISS-MEMBER", "HIT-MEMBER", "HIT-MEMBER"]
    nonces = set()
    for page in pages:
        in_page = set(re.findall(r'nonce="([^"]+)"', page.content.decode()))
        in_header = re.search(r"'nonce-([^']+)'", page["Content-Security-Policy"]).group(1)
        assert in_page == {in_header}
        nonces.add(in_header)
    assert len(nonces) == 3


def test_people_who_may_edit_only_what_they_own_never_share_pages(team):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission, Page

    territory, alice, bob = team
    sheet = make_sheet(territory, title="La fiche d’Alice", owner=alice)
    authors = Group.objects.create(name="Auteurs sans droit de modifier")
    GroupPagePermission.objects.create(
        group=authors,
        page=Page.objects.get(depth=1),
        permission=Permission.objects.get(codename="add_page"),
    )
    alice.groups.add(authors)
    assert _get(bob, sheet.url)["X-Cache"] == "MISS-MEMBER"
    assert "X-Cache" not in _get(alice, sheet.url)  # computed for her, never stored or shared
    assert "X-Cache" not in _get(alice, "/fiches/")


def test_the_library_pages_are_shared_and_members_only_documents_stay_with_members(team):
    from library.tests.helpers import make_document

    _territory, alice, bob = team
    make_document(access="members", title="Convention réservée aux membres", with_file=False)
    document = make_document(access="public", title="Guide public", with_file=False)
    outsider = old_user()  # no team, no role: not a member of the community
    for url in ("/bibliotheque/", document.url):
        assert _get(alice, url)["X-Cache"] == "MISS-MEMBER"
        assert _get(bob, url)["X-Cache"] == "HIT-MEMBER"
    assert "Convention réservée aux membres" in _get(bob, "/bibliotheque/").content.decode()
    outsider_page = _get(outsider, "/bibliotheque/")
    assert outsider_page["X-Cache"] == "MISS-MEMBER"
    assert "Convention réservée aux membres" not in outsider_page.content.decode()


def test_verifying_an_email_address_renews_the_rights_at_once(
    team, django_capture_on_commit_callbacks
):
    from allauth.account.models import EmailAddress

    from library.tests.helpers import make_document

    territory, alice, _bob = team
    make_document(access="members", title="Convention réservée aux membres", with_file=False)
    newcomer = old_user()
    MembershipFactory(user=newcomer, territory=territory, status=Membership.Status.ACCEPTED)
    EmailAddress.objects.filter(user=newcomer).update(verified=False)
    _get(alice, "/bibliotheque/")
    assert "Convention réservée" not in _get(newcomer, "/bibliotheque/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        address = EmailAddress.objects.get(user=newcomer)
        address.verified = True
        address.save()
    page = _get(newcomer, "/bibliotheque/")
    assert "Convention réservée aux membres" in page.content.decode()


def test_a_hit_costs_a_few_queries(team, django_assert_max_num_queries):
    _territory, alice, bob = team
    _get(alice, "/fiches/")
    _get(bob, "/fiches/")  # Bob's rights profile is now cached too
    browser = Client()
    browser.force_login(bob)
    with django_assert_max_num_queries(4):  # session, user, unread notifications
        response = browser.get("/fiches/")
    assert response["X-Cache"] == "HIT-MEMBER"


def test_each_person_sees_their_own_notifications(team):
    _territory, alice, bob = team
    for _ in range(3):
        Notification.objects.create(user=bob, kind=Notification.Kind.REPLY, message="Réponse")
    alice_html = _get(alice, "/").content.decode()
    bob_page = _get(bob, "/")
    assert bob_page["X-Cache"] == "HIT-MEMBER"
    assert "(3 non lues)" in bob_page.content.decode()
    assert "non lue" not in alice_html


def test_each_person_sees_their_own_saved_search(team):
    _territory, alice, bob = team
    url = "/recherche/?q=bus"
    SavedSearch.objects.create(user=alice, name="Les bus", query_string="q=bus")
    alice_html = _get(alice, url).content.decode()
    bob_page = _get(bob, url)
    assert bob_page["X-Cache"] == "HIT-MEMBER"
    assert "Vous avez enregistré cette recherche sous le nom « Les bus »" in alice_html
    assert "Les bus" not in bob_page.content.decode()
    assert 'name="name"' in bob_page.content.decode()  # Bob gets the form to save it
    assert _get(alice, url)["X-Cache"] == "HIT-MEMBER"
    assert "« Les bus »" in _get(alice, url).content.decode()


def test_other_rights_never_get_the_page(team):
    territory, alice, _bob = team
    outsider = old_user()
    MembershipFactory(
        user=outsider, territory=TerritoryFactory(), status=Membership.Status.ACCEPTED
    )
    no_team = old_user()
    _get(alice, "/fiches/")
    assert _get(outsider, "/fiches/")["X-Cache"] == "MISS-MEMBER"
    no_team_page = _get(no_team, "/fiches/")
    assert no_team_page["X-Cache"] == "MISS-MEMBER"
    # Alice may propose a sheet in her territory's folder; the person without a team is asked
    # to join one: neither gets the other's button.
    assert "rejoignez l’équipe de votre territoire" in no_team_page.content.decode()
    assert "rejoignez l’équipe" not in _get(alice, "/fiches/").content.decode()


def test_a_new_membership_changes_the_rights_profile_at_once(
    team, django_capture_on_commit_callbacks
):
    territory, alice, _bob = team
    newcomer = old_user()
    _get(alice, "/fiches/")
    with django_capture_on_commit_callbacks(execute=True):
        MembershipFactory(user=newcomer, territory=territory, status=Membership.Status.ACCEPTED)
    page = _get(newcomer, "/fiches/")
    assert "rejoignez l’équipe" not in page.content.decode()


def test_a_new_sheet_shows_at_once(team, django_capture_on_commit_callbacks):
    territory, alice, bob = team
    _get(alice, "/fiches/")
    assert _get(bob, "/fiches/")["X-Cache"] == "HIT-MEMBER"
    with django_capture_on_commit_callbacks(execute=True):
        make_sheet(territory, title="Une fiche toute neuve")
    page = _get(bob, "/fiches/")
    assert page["X-Cache"] == "MISS-MEMBER"
    assert "Une fiche toute neuve" in page.content.decode()


def test_the_token_of_a_cached_page_is_the_person_s_own_and_works(team):
    territory, alice, bob = team
    sheet = make_sheet(territory, title="Un bus des droits")
    _get(alice, sheet.url)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(bob)
    page = browser.get(sheet.url)
    assert page["X-Cache"] == "HIT-MEMBER"
    token = re.search(
        r'action="/accounts/logout/"[^>]*>\s*<input type="hidden" '
        r'name="csrfmiddlewaretoken" value="([^"]+)"',
        page.content.decode(),
    ) or re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token
    response = browser.post(
        f"{sheet.url}contacter/",
        {
            "csrfmiddlewaretoken": token.group(1),
            "subject": "",
            "message": "",
        },
    )
    assert response.status_code != 403  # the token is accepted (the form then says what is missing)


def test_a_waiting_message_is_shown_and_nothing_is_stored(team):
    from django.contrib.messages.storage.session import SessionStorage
    from django.http import HttpResponse
    from django.test import RequestFactory

    _territory, alice, bob = team
    _get(bob, "/fiches/")  # the page is in the cache for Alice's rights too
    browser = Client()
    browser.force_login(alice)
    request = RequestFactory().get("/")
    request.session = browser.session
    storage = SessionStorage(request)
    storage.add(constants.SUCCESS, "Votre fiche est enregistrée.")
    storage.update(HttpResponse())
    request.session.save()
    page = browser.get("/fiches/")
    assert "X-Cache" not in page
    assert "Votre fiche est enregistrée." in page.content.decode()
    again = browser.get("/fiches/")
    assert again["X-Cache"] == "HIT-MEMBER"
    assert "Votre fiche est enregistrée." not in again.content.decode()


def test_a_password_protected_page_is_never_shared(team):
    from wagtail.models import PageViewRestriction

    territory, alice, bob = team
    sheet = make_sheet(territory, title="Fiche protégée")
    restriction = PageViewRestriction.objects.create(
        page=sheet, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    browser = Client()
    browser.force_login(alice)
    browser.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{sheet.pk}/",
        {"password": "secret", "return_url": sheet.url},
    )
    alice_page = browser.get(sheet.url)
    print("ALICE", alice_page.status_code, alice_page.get("X-Cache"), alice_page.cookies)
    assert "Contexte et problème" in alice_page.content.decode()
    assert alice_page.get("X-Cache") != "MISS-MEMBER"  # seen, not stored
    bob_page = _get(bob, sheet.url)
    assert "Contexte et problème" not in bob_page.content.decode()
    assert "authenticate_with_password" in bob_page.content.decode()


def test_a_fragment_holding_a_personal_part_is_never_stored():
    from website import fragment_cache

    request = type("R", (), {"_member_page_cache": True, "_member_page_cacheable": True})()
    html = member_cache.wrap(request, "user-menu", "", "<nav>3 notifications</nav>")
    assert not fragment_cache.storable(f"<div>{html}</div>")


def test_unknown_holes_are_refused():
    request = type("R", (), {"_member_page_cache": True, "_member_page_cacheable": True})()
    with pytest.raises(ValueError):
        member_cache.wrap(request, "pas-un-trou", "", "<p>x</p>")


def test_markers_typed_by_someone_cannot_open_a_hole(team):
    request = type("R", (), {"_member_page_cache": True, "_member_page_cacheable": True})()
    forged = "<!--czn-hole-0000:user-menu:-->"
    html = f"<p>{forged}</p>" + member_cache.wrap(request, "user-menu", "", "<nav>menu</nav>")
    stored = member_cache._template_of(html)
    assert forged in stored  # left as it was: not a marker of ours
    assert "<nav>menu</nav>" not in stored
