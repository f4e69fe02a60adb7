"""The Wagtail admin's choosers, driven as each demo role (accounts.demo): they list only what the
person may see — no other territory's draft sheet, unpublished library proposal, unpublished
event or draft content page for the territory teams; everything for the facilitators and the
DGCS admins; nothing for the roles that do not open the admin."""

import json

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Page

from accounts import roles
from accounts.models import Membership
from events.tests.factories import EventFactory
from library.tests.factories import LibraryDocumentFactory
from mailer.models import OutgoingEmail
from practices.models import PracticeSheetPage, TerritoryFolderPage, TerritoryTeamGroup
from practices.tests.factories import PracticeSheetFactory
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory
from website.tests.factories import ContentPageFactory

pytestmark = pytest.mark.django_db

# Titles the territory team of Fictiville may see, and those it may not.
OWN = ["Zorglub brouillon d’ici", "Zorglub fiche publiée", "Zorglub proposition d’ici"]
FOREIGN = [
    "Zorglub brouillon d’ailleurs",
    "Zorglub proposition d’ailleurs",
    "Zorglub rencontre en préparation",
    "Zorglub page en préparation",
]
TEAM, STAFF, NO_ADMIN = "team", "staff", "no admin"
ROLES = {
    "equipe": TEAM,
    "referent": TEAM,
    "commissaire": NO_ADMIN,
    "animateur": STAFF,
    "moderateur": NO_ADMIN,
    "admin": STAFF,
}


@pytest.fixture
def world():
    own = TerritoryFactory(name="Fictiville", slug="fictiville")
    other = TerritoryFactory(name="Ailleurs-sur-Démo", slug="ailleurs")
    MembershipFactory(territory=other)
    people = {
        "equipe": MembershipFactory(territory=own).user,
        "referent": MembershipFactory(territory=own, role=Membership.Role.REFERENT).user,
        "commissaire": UserFactory(roles=[roles.COMMISSIONER]),
        "animateur": UserFactory(roles=[roles.FACILITATOR]),
        "moderateur": UserFactory(roles=[roles.MODERATOR]),
        "admin": UserFactory(roles=[roles.DGCS_ADMIN]),
    }
    pages = {
        "own_draft": PracticeSheetFactory(territory=own, live=False, title=OWN[0]),
        "live": PracticeSheetFactory(territory=other, title=OWN[1]),
        "own_proposal": LibraryDocumentFactory(
            title=OWN[2], territory=own, live=False, with_file=False
        ),
        "foreign_draft": PracticeSheetFactory(territory=other, live=False, title=FOREIGN[0]),
        "foreign_proposal": LibraryDocumentFactory(
            title=FOREIGN[1], territory=other, live=False, with_file=False
        ),
        "event": EventFactory(title=FOREIGN[2], live=False),
    }
    pages["content"] = ContentPageFactory(
        title=FOREIGN[3], slug="zorglub-page", intro="Texte", live=False
    )
    return {"own": own, "other": other, "people": people, "pages": pages}


def text_of(response) -> str:
    """The response's text; the modal answers are JSON, whose strings are escaped."""
    content = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(json.loads(content), ensure_ascii=False)
    return content


def browse_urls(world):
    pages = world["pages"]
    parents = {
        TerritoryFolderPage.objects.get(territory=world["own"]).pk,
        TerritoryFolderPage.objects.get(territory=world["other"]).pk,
        pages["own_proposal"].get_parent().pk,
        pages["event"].get_parent().pk,
        pages["content"].get_parent().pk,
    }
    return ["/admin/choose-page/", *[f"/admin/choose-page/{pk}/" for pk in sorted(parents)]]


SEARCH_URLS = ["/admin/choose-page/search/?q=Zorglub", "/admin/choose-page/search/?q=brouillon"]


def seen_titles(client, urls):
    seen = set()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        content = text_of(response)
        seen |= {title for title in OWN + FOREIGN if title in content}
    return seen


@pytest.mark.parametrize("person", ROLES)
def test_page_chooser_lists_what_the_person_may_see(client, world, person):
    client.force_login(world["people"][person])
    if ROLES[person] == NO_ADMIN:
        for url in browse_urls(world) + SEARCH_URLS:
            response = client.get(url)
            assert response.status_code == 403, url
            assert not any(title in text_of(response) for title in OWN + FOREIGN)
        return
    expected = set(OWN + FOREIGN) if ROLES[person] == STAFF else set(OWN)
    assert seen_titles(client, browse_urls(world)) == expected
    assert seen_titles(client, SEARCH_URLS[:1]) == expected
    drafts = {title for title in expected if "brouillon" in title}
    assert seen_titles(client, SEARCH_URLS[1:]) == drafts


@pytest.mark.parametrize("person", ["equipe", "referent", "animateur", "admin"])
def test_a_hidden_page_cannot_be_opened_or_chosen_by_its_id(client, world, person):
    client.force_login(world["people"][person])
    expected = 404 if ROLES[person] == TEAM else 200
    for name in ("foreign_draft", "foreign_proposal", "event", "content"):
        pk = world["pages"][name].pk
        browse = client.get(f"/admin/choose-page/{pk}/")
        chosen = client.get(f"/admin/choose-page/chosen-multiple/?id={pk}")
        assert (browse.status_code, chosen.status_code) == (expected, expected), name
    own = world["pages"]["own_draft"].pk
    live = world["pages"]["live"].pk
    response = client.get(f"/admin/choose-page/chosen-multiple/?id={own}&id={live}")
    assert response.status_code == 200
    assert OWN[0] in text_of(response) and OWN[1] in text_of(response)
    assert client.get(f"/admin/choose-page/{own}/").status_code == 200


def test_a_restricted_live_sheet_is_left_out_for_other_territories(client, world):
    from wagtail.models import PageViewRestriction

    sheet = PracticeSheetFactory(territory=world["other"], title="Zorglub fiche réservée")
    PageViewRestriction.objects.create(page=sheet, restriction_type="login")
    client.force_login(world["people"]["equipe"])
    search = "/admin/choose-page/search/?q=Zorglub"
    assert "Zorglub fiche réservée" not in client.get(search).content.decode()
    client.force_login(world["people"]["animateur"])
    assert "Zorglub fiche réservée" in client.get(search).content.decode()
    assert PracticeSheetPage.objects.filter(pk=sheet.pk, live=True).exists()


SNIPPET_CHOOSERS = {
    "/admin/snippets/choose/accounts/membership/": {"animateur", "admin"},
    "/admin/snippets/choose/forum/category/": {"animateur", "admin"},
    "/admin/snippets/choose/mailer/outgoingemail/": {"admin"},
}


@pytest.mark.parametrize("person", ROLES)
def test_snippet_choosers_are_for_the_people_who_may_list_the_snippets(client, world, person):
    OutgoingEmail.objects.create(
        to="personne-secrete@example.org", subject="Zorglub réinitialisation", body_text="…"
    )
    client.force_login(world["people"][person])
    for url, allowed in SNIPPET_CHOOSERS.items():
        response = client.get(url)
        if person in allowed:
            assert response.status_code == 200, url
        else:
            assert response.status_code in (302, 403), url
            assert "Ailleurs-sur-Démo" not in text_of(response)
            assert "personne-secrete" not in text_of(response)
    # Territories are public: their chooser stays open to the admin's users.
    territories = client.get("/admin/snippets/choose/accounts/territory/")
    assert territories.status_code == (403 if ROLES[person] == NO_ADMIN else 200)


def test_document_chooser_shows_only_the_team_collection(client, world):
    for territory, title in (
        (world["own"], "Zorglub pièce d’ici"),
        (world["other"], "Zorglub pièce d’ailleurs"),
    ):
        collection = TerritoryTeamGroup.objects.get(territory=territory).collection
        document = Document(title=title, collection=collection)
        document.file.save("piece.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    client.force_login(world["people"]["equipe"])
    content = text_of(client.get("/admin/documents/chooser/"))
    assert "Zorglub pièce d’ici" in content
    assert "Zorglub pièce d’ailleurs" not in content
    client.force_login(world["people"]["animateur"])
    content = text_of(client.get("/admin/documents/chooser/"))
    assert "Zorglub pièce d’ailleurs" in content
    assert Page.objects.filter(title__startswith="Zorglub").count() == 7


@pytest.mark.parametrize("person", ["equipe", "animateur"])
def test_a_live_page_shows_its_published_title_to_those_who_cannot_edit_it(client, world, person):
    """A live sheet of another territory whose next version is still a draft: its public title,
    never the draft's, to a team that cannot edit it; staff, who can, see the draft's title."""
    sheet = world["pages"]["live"]
    sheet.title = "Zorglub titre en préparation"
    sheet.save_revision(log_action=False)
    assert PracticeSheetPage.objects.get(pk=sheet.pk).draft_title == sheet.title
    client.force_login(world["people"][person])
    parent = sheet.get_parent().pk
    seen = "".join(
        text_of(client.get(url))
        for url in (f"/admin/choose-page/{parent}/", "/admin/choose-page/search/?q=Zorglub")
    )
    if person == "equipe":
        assert "Zorglub titre en préparation" not in seen
        assert OWN[1] in seen
    else:
        assert "Zorglub titre en préparation" in seen
