"""Territory teams in the Wagtail admin: their group, what they may open, edit and see."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.urls import reverse
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from accounts import roles
from accounts import services as membership_services
from accounts.models import Membership
from practices import permissions
from practices.models import TerritoryFolderPage, TerritoryTeamGroup
from practices.tests.factories import PracticeSheetFactory
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    own = TerritoryFactory(name="Aville")
    other = TerritoryFactory(name="Bville")
    return {
        "own": own,
        "other": other,
        "member": MembershipFactory(territory=own).user,
        "referent": MembershipFactory(territory=own, role=Membership.Role.REFERENT).user,
        "other_member": MembershipFactory(territory=other).user,
        "facilitator": UserFactory(roles=[roles.FACILITATOR]),
        "dgcs_admin": UserFactory(roles=[roles.DGCS_ADMIN]),
        "visitor": UserFactory(),
    }


# --- The team group ------------------------------------------------------------------------------


def test_a_new_territory_gets_its_team_group_with_permissions():
    territory = TerritoryFactory(name="Fictiville")
    team = TerritoryTeamGroup.objects.get(territory=territory)
    group = team.group
    assert group.name == "Équipe — Fictiville"
    assert list(group.permissions.values_list("codename", flat=True)) == ["access_admin"]

    folder = TerritoryFolderPage.objects.get(territory=territory)
    page_perms = set(
        GroupPagePermission.objects.filter(group=group).values_list(
            "page_id", "permission__codename"
        )
    )
    assert page_perms == {(folder.pk, "add_page"), (folder.pk, "change_page")}

    assert team.collection.name == "Fictiville"
    assert team.collection.get_parent().is_root()
    collection_perms = set(
        GroupCollectionPermission.objects.filter(group=group).values_list(
            "collection_id", "permission__codename"
        )
    )
    assert collection_perms == {
        (team.collection.pk, codename)
        for codename in (
            "add_document",
            "change_document",
            "choose_document",
            "add_image",
            "change_image",
            "choose_image",
        )
    }


def test_team_group_follows_the_territory_name_and_is_unique():
    territory = TerritoryFactory(name="Fictiville")
    territory.name = "Fictiville-sur-Mer"
    territory.save()
    team = TerritoryTeamGroup.objects.get(territory=territory)
    assert team.group.name == "Équipe — Fictiville-sur-Mer"
    assert team.collection.name == "Fictiville-sur-Mer"
    namesake = TerritoryFactory(name="Fictiville-sur-Mer", slug="fictiville-bis")
    assert namesake.team_group.group.name == "Équipe — Fictiville-sur-Mer (fictiville-bis)"
    assert Group.objects.filter(name__startswith="Équipe — Fictiville").count() == 2


def test_membership_decisions_move_people_in_and_out_of_the_group():
    territory = TerritoryFactory(name="Fictiville")
    group = territory.team_group.group
    referent = MembershipFactory(territory=territory, role=Membership.Role.REFERENT).user
    assert referent.groups.filter(pk=group.pk).exists()  # référents are in the team too

    person = UserFactory()
    membership = membership_services.request_membership(person, territory, "Bonjour")
    assert not person.groups.filter(pk=group.pk).exists()  # pending
    membership = membership_services.decide_membership(referent, membership, accept=True)
    assert person.groups.filter(pk=group.pk).exists()
    membership_services.change_role(referent, membership, Membership.Role.REFERENT)
    assert person.groups.filter(pk=group.pk).exists()

    membership.refresh_from_db()
    membership_services.leave_territory(person, membership)
    assert not person.groups.filter(pk=group.pk).exists()

    again = membership_services.request_membership(person, territory)
    membership_services.decide_membership(referent, again, accept=False)
    assert not person.groups.filter(pk=group.pk).exists()


def test_membership_changed_in_the_admin_also_syncs_the_group():
    membership = MembershipFactory()
    group = membership.territory.team_group.group
    assert membership.user.groups.filter(pk=group.pk).exists()
    membership.status = Membership.Status.REFUSED
    membership.save()
    assert not membership.user.groups.filter(pk=group.pk).exists()
    membership.status = Membership.Status.ACCEPTED
    membership.save()
    assert membership.user.groups.filter(pk=group.pk).exists()
    membership.user.delete()  # the cascade must not break on the group


def test_bootstrap_repairs_team_groups_of_existing_territories():
    from website.bootstrap import bootstrap_site

    membership = MembershipFactory()
    territory = membership.territory
    outsider = UserFactory()
    team = territory.team_group
    team.group.user_set.add(outsider)
    TerritoryTeamGroup.objects.filter(pk=team.pk).delete()
    Group.objects.filter(pk=team.group_id).delete()

    bootstrap_site()
    bootstrap_site()
    team = TerritoryTeamGroup.objects.get(territory=territory)
    assert list(team.group.user_set.all()) == [membership.user]
    assert GroupPagePermission.objects.filter(group=team.group).count() == 2


# --- The admin -----------------------------------------------------------------------------------


def test_member_writes_in_their_folder_only(client, world):
    own_folder = TerritoryFolderPage.objects.get(territory=world["own"])
    other_folder = TerritoryFolderPage.objects.get(territory=world["other"])
    client.force_login(world["member"])

    add_url = "/admin/pages/add/practices/practicesheetpage/{}/"
    assert client.get(add_url.format(own_folder.pk)).status_code == 200
    assert client.get(add_url.format(other_folder.pk)).status_code != 200

    own_sheet = PracticeSheetFactory(territory=world["own"], live=False, owner=world["referent"])
    other_sheet = PracticeSheetFactory(
        territory=world["other"], live=False, owner=world["other_member"]
    )
    assert client.get(f"/admin/pages/{own_sheet.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{other_sheet.pk}/edit/").status_code in (302, 403)
    assert own_sheet.permissions_for_user(world["member"]).can_edit()
    assert not other_sheet.permissions_for_user(world["member"]).can_edit()
    assert not other_sheet.permissions_for_user(world["referent"]).can_edit()
    # Publishing goes through the workflow: no team member holds the publish permission.
    assert not own_sheet.permissions_for_user(world["member"]).can_publish()
    assert not own_sheet.permissions_for_user(world["referent"]).can_publish()
    assert own_sheet.permissions_for_user(world["facilitator"]).can_publish()


def test_member_sees_only_their_folder_and_no_other_admin_area(client, world):
    own_folder = TerritoryFolderPage.objects.get(territory=world["own"])
    other_folder = TerritoryFolderPage.objects.get(territory=world["other"])
    client.force_login(world["member"])
    assert client.get("/admin/").status_code == 200
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{own_folder.pk}/"
    assert client.get(f"/admin/pages/{own_folder.pk}/").status_code == 200
    assert client.get(f"/admin/pages/{other_folder.pk}/").status_code in (302, 403)
    assert client.get(f"/admin/pages/{other_folder.pk}/edit/").status_code in (302, 403)
    # The folder itself is kept by the facilitators.
    assert client.get(f"/admin/pages/{own_folder.pk}/edit/").status_code in (302, 403)
    for url in (
        "/admin/users/",
        "/admin/groups/",
        "/admin/snippets/",
        "/admin/snippets/accounts/territory/",
        "/admin/snippets/accounts/membership/",
        "/admin/workflows/list/",
        "/admin/sites/",
    ):
        assert client.get(url).status_code != 200, url


def test_facilitator_still_edits_folders(client, world):
    folder = TerritoryFolderPage.objects.get(territory=world["own"])
    client.force_login(world["facilitator"])
    assert client.get(f"/admin/pages/{folder.pk}/edit/").status_code == 200


def test_member_files_documents_in_their_territory_collection(world):
    from wagtail.documents import get_document_model
    from wagtail.permissions import policy_registry

    permission_policy = policy_registry.get_by_type(get_document_model())
    own = TerritoryTeamGroup.objects.get(territory=world["own"]).collection
    collections = permission_policy.collections_user_has_permission_for(world["member"], "add")
    assert list(collections) == [own]
    choosable = permission_policy.collections_user_has_permission_for(world["member"], "choose")
    assert list(choosable) == [own]


def test_pending_member_has_no_admin_rights(client, world):
    pending = MembershipFactory(territory=world["own"], status=Membership.Status.PENDING).user
    folder = TerritoryFolderPage.objects.get(territory=world["own"])
    client.force_login(pending)
    response = client.get(f"/admin/pages/add/practices/practicesheetpage/{folder.pk}/")
    assert response.status_code == 403


# --- Visibility of drafts ------------------------------------------------------------------------


VIEW_DRAFT = {
    "anonymous": False,
    "visitor": False,
    "member": True,
    "referent": True,
    "other_member": False,
    "facilitator": True,
    "dgcs_admin": True,
}


@pytest.mark.parametrize("who", list(VIEW_DRAFT))
def test_view_and_edit_matrix(world, who):
    user = AnonymousUser() if who == "anonymous" else world[who]
    draft = PracticeSheetFactory(territory=world["own"], live=False)
    live = PracticeSheetFactory(territory=world["own"])
    assert permissions.can_view_sheet(user, draft) is VIEW_DRAFT[who]
    assert permissions.can_edit_sheet(user, draft) is VIEW_DRAFT[who]
    assert permissions.can_view_sheet(user, live) is True
    assert permissions.can_edit_sheet(user, live) is VIEW_DRAFT[who]


def test_draft_is_never_served_nor_listed_to_the_public_or_other_territories(client, world):
    draft = PracticeSheetFactory(territory=world["own"], live=False, title="Brouillon secret")
    live = PracticeSheetFactory(territory=world["own"], title="Fiche publiée")
    url = f"/fiches/{world['own'].slug}/{draft.slug}/"
    assert client.get(url).status_code == 404
    assert client.get(live.url).status_code == 200
    assert "Brouillon secret" not in client.get("/fiches/").content.decode()
    client.force_login(world["other_member"])
    assert client.get(url).status_code == 404
    assert "Brouillon secret" not in client.get("/fiches/").content.decode()
    assert "Brouillon secret" not in client.get("/recherche/?q=Brouillon").content.decode()
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[draft.pk])
    assert client.get(preview_url).status_code != 200


def test_a_live_sheet_with_a_newer_draft_shows_only_the_published_text(client, world):
    live = PracticeSheetFactory(territory=world["own"], title="Version publiée")
    live.title = "Version en cours de rédaction"
    live.save_revision()
    content = client.get(live.url).content.decode()
    assert "Version publiée" in content
    assert "Version en cours de rédaction" not in content


# --- « Proposer une fiche » ----------------------------------------------------------------------


def test_propose_url(world):
    """« Proposer une fiche » leads to the guided form on the site, never to the admin."""
    assert permissions.propose_url(world["member"]) == "/fiches/proposer/"
    MembershipFactory(user=world["member"], territory=world["other"])
    world["member"].__dict__.pop("_territory_ids_cache", None)
    assert permissions.propose_url(world["member"]) == "/fiches/proposer/"
    assert list(permissions.proposable_territories(world["member"])) == sorted(
        [world["own"], world["other"]], key=lambda territory: territory.name
    )
    assert permissions.propose_url(world["visitor"]) is None
    assert permissions.propose_url(world["facilitator"]) is None
    assert permissions.propose_url(AnonymousUser()) is None
    pending = MembershipFactory(territory=world["own"], status=Membership.Status.PENDING).user
    assert permissions.propose_url(pending) is None


def test_member_of_two_territories_explores_both_folders(client, world):
    MembershipFactory(user=world["member"], territory=world["other"])
    index = TerritoryFolderPage.objects.get(territory=world["own"]).get_parent()
    client.force_login(world["member"])
    response = client.get(f"/admin/pages/{index.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Aville" in content and "Bville" in content


def test_admin_lists_do_not_show_other_territories_drafts(client, world):
    draft = PracticeSheetFactory(
        territory=world["own"], live=False, title="Brouillon Zorglub", owner=world["member"]
    )
    draft.get_workflow().start(draft, world["member"])
    own_folder = TerritoryFolderPage.objects.get(territory=world["own"])
    urls = [
        "/admin/",
        "/admin/pages/search/?q=Zorglub",
        "/admin/choose-page/search/?q=Zorglub",
        f"/admin/choose-page/{own_folder.pk}/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/site-history/",
        "/admin/reports/page-types-usage/",
    ]
    client.force_login(world["other_member"])
    for url in urls:
        assert "Brouillon Zorglub" not in client.get(url).content.decode(), url
    assert client.get("/admin/reports/page-types-usage/").status_code != 200

    chooser_search = "/admin/choose-page/search/?q=Zorglub"
    client.force_login(world["member"])
    assert "Brouillon Zorglub" in client.get(chooser_search).content.decode()
    client.force_login(world["facilitator"])
    assert client.get("/admin/reports/page-types-usage/").status_code == 200
    assert "Brouillon Zorglub" in client.get(chooser_search).content.decode()
