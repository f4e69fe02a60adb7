"""Files of practice sheets (/documents/…): served only to people who may see a page that uses
them; a refused file answers exactly like a missing one."""

import re
import shutil
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, PageViewRestriction

from accounts import roles
from practices.models import SheetAttachment
from practices.tests.factories import PracticeSheetFactory
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% fichier temoin\n"


@pytest.fixture(autouse=True)
def media_root(settings):
    root = Path(settings.BASE_DIR) / "test-artifacts" / "media" / uuid.uuid4().hex
    settings.MEDIA_ROOT = str(root)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def make_file(title="Bilan du bus"):
    """A Wagtail document in the root collection (no team manages it)."""
    document = get_document_model()(title=title, collection=Collection.get_first_root_node())
    document.file.save("bilan.pdf", ContentFile(PDF), save=False)
    document.save()
    return document


def attach(sheet, document):
    SheetAttachment.objects.create(sheet=sheet, document=document)
    sheet.save()  # the reference index follows the page
    return document


@pytest.fixture
def world():
    own = TerritoryFactory(name="Aville")
    return {
        "own": own,
        "anonymous": None,
        "visitor": UserFactory(),
        "member": MembershipFactory(territory=own).user,
        "other_member": MembershipFactory(territory=TerritoryFactory(name="Bville")).user,
        "facilitator": UserFactory(roles=[roles.FACILITATOR]),
        "superuser": UserFactory(is_superuser=True),
    }


def fetch(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def normalised(response, url) -> str:
    """The body less what changes at each request (CSP nonce, masked CSRF token)."""
    body = response.content.decode()
    body = re.sub(r'nonce="[^"]*"', 'nonce=""', body)
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
    return body.replace(url, "URL")


DRAFT_ACCESS = {
    "anonymous": False,
    "visitor": False,
    "other_member": False,
    "member": True,
    "facilitator": True,
    "superuser": True,
}


@pytest.mark.parametrize("kind", list(DRAFT_ACCESS))
def test_draft_sheet_attachment_is_only_for_its_team_and_staff(client, world, kind):
    sheet = PracticeSheetFactory(territory=world["own"], live=False)
    document = attach(sheet, make_file())
    response = fetch(client, world[kind], document.url)
    assert response.status_code == (200 if DRAFT_ACCESS[kind] else 404)
    if DRAFT_ACCESS[kind]:
        assert b"".join(response.streaming_content) == PDF


def test_attachment_is_public_once_the_sheet_is_published(client, world):
    sheet = PracticeSheetFactory(territory=world["own"], live=False)
    document = attach(sheet, make_file())
    assert client.get(document.url).status_code == 404
    sheet.save_revision().publish()
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_attachment_of_a_restricted_sheet_follows_the_restriction(client, world):
    sheet = PracticeSheetFactory(territory=world["own"])
    document = attach(sheet, make_file())
    assert client.get(document.url).status_code == 200
    PageViewRestriction.objects.create(page=sheet, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(document.url).status_code == 404
    assert fetch(client, world["visitor"], document.url).status_code == 200


def test_document_used_nowhere_is_for_its_managers_only(client, world):
    document = make_file()
    assert fetch(client, None, document.url).status_code == 404
    assert fetch(client, world["member"], document.url).status_code == 404
    assert fetch(client, world["superuser"], document.url).status_code == 200


def test_forbidden_and_missing_documents_answer_the_same(client, world):
    document = attach(PracticeSheetFactory(territory=world["own"], live=False), make_file())
    missing = f"/documents/{document.pk + 1000}/{document.filename}"
    wrong_name = f"/documents/{document.pk}/autre.pdf"
    for user in (None, world["other_member"]):
        answers = [fetch(client, user, url) for url in (document.url, missing, wrong_name)]
        assert {response.status_code for response in answers} == {404}
        bodies = {
            normalised(response, url)
            for response, url in zip(answers, (document.url, missing, wrong_name), strict=True)
        }
        assert len(bodies) == 1
    # A logged-out person is invited to log in and come back, whether the file exists or not.
    assert "/compte/login/?next=" in fetch(client, None, missing).content.decode()
