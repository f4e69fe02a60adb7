"""A library file follows its page's privacy (Wagtail view restrictions, publication) as well as
its access level; a refused file answers exactly like a missing one; the site map hides what
the lists hide."""

import re

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from accounts import roles
from accounts.models import Membership
from library.tests.factories import LibraryDocumentFactory
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "anonymous": None,
        "member": MembershipFactory().user,
        "referent": MembershipFactory(role=Membership.Role.REFERENT).user,
        "facilitator": UserFactory(roles=[roles.FACILITATOR]),
    }


def fetch(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def restrict(page, restriction_type=PageViewRestriction.LOGIN, **fields):
    groups = fields.pop("groups", ())
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=restriction_type, **fields
    )
    restriction.groups.set(groups)
    return restriction


def normalised(response, url) -> str:
    """The body less what changes at each request (CSP nonce, masked CSRF token)."""
    body = re.sub(r'nonce="[^"]*"', 'nonce=""', response.content.decode())
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
    return body.replace(url, "URL")


# access level of the file → who may download it once the page requires a login
LOGIN_MATRIX = {
    "public": {"anonymous": False, "member": True, "referent": True, "facilitator": True},
    "members": {"anonymous": False, "member": True, "referent": True, "facilitator": True},
    "referents": {"anonymous": False, "member": False, "referent": True, "facilitator": True},
}


@pytest.mark.parametrize("access", list(LOGIN_MATRIX))
def test_login_restricted_page_keeps_its_file_from_anonymous_visitors(client, people, access):
    document = LibraryDocumentFactory(access=access, title="Document privé")
    restrict(document)
    url = document.current_version.get_download_url()
    assert client.get(document.url).status_code == 302  # Wagtail asks for a login
    for kind, allowed in LOGIN_MATRIX[access].items():
        response = fetch(client, people[kind], url)
        assert response.status_code == (200 if allowed else 404), kind
        if allowed:
            assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_group_restricted_page_keeps_its_file_for_the_group(client, people):
    group = Group.objects.create(name="Comité de pilotage")
    document = LibraryDocumentFactory(access="members", title="Compte rendu du comité")
    restrict(document, PageViewRestriction.GROUPS, groups=[group])
    url = document.current_version.get_download_url()
    assert fetch(client, people["member"], url).status_code == 404
    people["member"].groups.add(group)
    assert fetch(client, people["member"], url).status_code == 200


def test_password_restricted_page_opens_its_file_once_the_password_is_given(client):
    document = LibraryDocumentFactory(title="Document protégé")
    restriction = restrict(document, PageViewRestriction.PASSWORD, password="secret-temoin")
    url = document.current_version.get_download_url()
    assert client.get(url).status_code == 404
    response = client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{document.pk}/",
        {"password": "secret-temoin", "return_url": document.url},
    )
    assert response.status_code == 302
    assert client.get(url).status_code == 200


def test_restriction_of_an_ancestor_counts(client, people):
    document = LibraryDocumentFactory(title="Sous une page privée")
    restrict(document.get_parent())
    url = document.current_version.get_download_url()
    assert fetch(client, None, url).status_code == 404
    assert fetch(client, people["member"], url).status_code == 200


def test_refused_and_missing_files_answer_the_same(client, people):
    restricted = LibraryDocumentFactory(access="public", title="Privé")
    restrict(restricted)
    referents = LibraryDocumentFactory(access="referents", title="Pour les référents")
    draft = LibraryDocumentFactory(territory=TerritoryFactory(), live=False, title="Proposition")
    urls = [
        restricted.current_version.get_download_url(),
        referents.current_version.get_download_url(),
        draft.current_version.get_download_url(),
        "/bibliotheque/fichiers/999999/absent.pdf",
    ]
    for kind in ("anonymous", "member"):
        answers = [(fetch(client, people[kind], url), url) for url in urls]
        if kind == "member":  # members may fetch the restricted page's public file
            answers = answers[1:]
        assert {response.status_code for response, _url in answers} == {404}, kind
        assert len({normalised(response, url) for response, url in answers}) == 1, kind
    # A logged-out person is invited to log in and come back, whether the file exists or not.
    assert "/compte/login/?next=" in fetch(client, None, urls[-1]).content.decode()


def test_site_map_hides_the_titles_that_lists_hide(client, people):
    for access in ("public", "members", "referents"):
        LibraryDocumentFactory(access=access, title=f"Titre {access}", with_file=False)
    restrict(LibraryDocumentFactory(title="Titre restreint", with_file=False))
    expected = {
        "anonymous": {"public"},
        "member": {"public", "members"},
        "referent": {"public", "members", "referents"},
        "facilitator": {"public", "members", "referents"},
    }
    for kind, shown in expected.items():
        content = fetch(client, people[kind], "/plan-du-site/").content.decode()
        for access in ("public", "members", "referents"):
            assert (f"Titre {access}" in content) is (access in shown), (kind, access)
        assert "Titre restreint" not in content
