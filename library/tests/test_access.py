"""Access rules per access level × kind of person, on the list, the page and the file URL."""

import pytest
from allauth.account.models import EmailAddress

from accounts import roles
from accounts.models import Membership
from library.permissions import can_download, visible_documents
from library.tests.factories import LibraryDocumentFactory
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def _person(kind):
    if kind == "anonymous":
        return None
    if kind == "no_territory":
        return UserFactory()
    if kind == "unverified_member":
        user = MembershipFactory().user
        EmailAddress.objects.filter(user=user).update(verified=False)
        return user
    if kind == "member":
        return MembershipFactory().user
    if kind == "referent":
        return MembershipFactory(role=Membership.Role.REFERENT).user
    if kind == "commissioner":
        return UserFactory(roles=[roles.COMMISSIONER])
    if kind == "facilitator":
        return UserFactory(roles=[roles.FACILITATOR])
    if kind == "admin":
        return UserFactory(roles=[roles.DGCS_ADMIN])
    raise AssertionError(kind)


# kind of person → may download (public, members, referents)
MATRIX = {
    "anonymous": (True, False, False),
    "no_territory": (True, False, False),
    "unverified_member": (True, False, False),
    "member": (True, True, False),
    "commissioner": (True, True, False),
    "referent": (True, True, True),
    "facilitator": (True, True, True),
    "admin": (True, True, True),
}
LEVELS = ("public", "members", "referents")


@pytest.fixture
def documents():
    return {
        level: LibraryDocumentFactory(access=level, title=f"Document {level}") for level in LEVELS
    }


@pytest.mark.parametrize("kind", list(MATRIX))
def test_access_matrix(client, documents, kind):
    from django.contrib.auth.models import AnonymousUser

    user = _person(kind)
    if user is not None:
        client.force_login(user)
    listing = client.get("/bibliotheque/").content.decode()
    visible = set(visible_documents(user or AnonymousUser()).values_list("access", flat=True))
    for level, allowed in zip(LEVELS, MATRIX[kind], strict=True):
        document = documents[level]
        assert can_download(user or AnonymousUser(), document) is allowed
        assert (level in visible) is allowed
        assert (f"Document {level}" in listing) is allowed
        # The page is always reachable; the file link only for those allowed.
        page = client.get(document.url)
        assert page.status_code == 200
        version = document.current_version
        assert (version.get_download_url() in page.content.decode()) is allowed
        response = client.get(version.get_download_url())
        if allowed:
            assert response.status_code == 200
            assert response["Content-Disposition"].startswith("attachment;")
            assert response["X-Content-Type-Options"] == "nosniff"
            assert b"".join(response.streaming_content).startswith(b"%PDF-")
        else:  # refused exactly as a missing file is (website.page_access)
            assert response.status_code == 404
            assert ("/compte/login/?next=" in response.content.decode()) is (user is None)


def test_restricted_page_says_so_with_a_login_link(client, documents):
    content = client.get(documents["referents"].url).content.decode()
    assert "Réservé aux référents" in content
    assert "Se connecter pour télécharger" in content
    assert "Résumé du document témoin." in content


def test_files_are_not_under_media_root(documents, settings):
    from pathlib import Path

    version = documents["public"].current_version
    path = Path(version.file.path).resolve()
    assert str(path).startswith(str(Path(settings.PRIVATE_MEDIA_ROOT).resolve()))
    assert not str(path).startswith(str(Path(settings.MEDIA_ROOT).resolve()))
    with pytest.raises(ValueError):
        version.file.url  # noqa: B018


def test_x_accel_redirect_when_configured(client, documents, settings):
    settings.PRIVATE_FILES_X_ACCEL_REDIRECT_PREFIX = "/prive/"
    version = documents["public"].current_version
    response = client.get(version.get_download_url())
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/prive/{version.file.name}"
    assert response.content == b""
    assert "attachment" in response["Content-Disposition"]


def test_wrong_filename_redirects_to_the_canonical_one(client, documents):
    version = documents["public"].current_version
    response = client.get(f"/bibliotheque/fichiers/{version.pk}/autre.pdf")
    assert response.status_code == 302 and response["Location"] == version.get_download_url()


def test_draft_document_files_only_for_staff_and_its_territory(client):
    territory = TerritoryFactory()
    document = LibraryDocumentFactory(territory=territory, live=False, title="Brouillon")
    url = document.current_version.get_download_url()
    assert client.get(url).status_code == 404
    client.force_login(MembershipFactory().user)  # another territory
    assert client.get(url).status_code == 404
    client.force_login(MembershipFactory(territory=territory).user)
    assert client.get(url).status_code == 200
    client.force_login(UserFactory(roles=[roles.FACILITATOR]))
    assert client.get(url).status_code == 200
    assert "Brouillon" not in client.get("/bibliotheque/").content.decode()
