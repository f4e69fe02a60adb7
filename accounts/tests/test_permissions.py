"""The permission matrix: role × action × own/other territory."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import permissions, roles
from accounts.models import Membership
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

ROLES = [
    "anonymous",
    "visitor",
    "member",
    "referent",
    "commissioner",
    "facilitator",
    "moderator",
    "dgcs_admin",
    "superuser",
]


@pytest.fixture
def world(db):
    own = TerritoryFactory(name="Territoire A")
    other = TerritoryFactory(name="Territoire B")
    people = {
        "anonymous": AnonymousUser(),
        "visitor": UserFactory(),
        "member": MembershipFactory(territory=own).user,
        "referent": MembershipFactory(territory=own, role=Membership.Role.REFERENT).user,
        "commissioner": UserFactory(roles=[roles.COMMISSIONER]),
        "facilitator": UserFactory(roles=[roles.FACILITATOR]),
        "moderator": UserFactory(roles=[roles.MODERATOR]),
        "dgcs_admin": UserFactory(roles=[roles.DGCS_ADMIN]),
        "superuser": UserFactory(is_superuser=True),
    }
    requester = UserFactory()
    return {
        "own": own,
        "other": other,
        "people": people,
        "request_own": MembershipFactory(
            user=requester, territory=own, status=Membership.Status.PENDING
        ),
        "request_other": MembershipFactory(
            user=requester, territory=other, status=Membership.Status.PENDING
        ),
    }


# Who may answer a membership request, on their own territory and on another one.
DECIDE = {
    "anonymous": (False, False),
    "visitor": (False, False),
    "member": (False, False),
    "referent": (True, False),
    "commissioner": (False, False),
    "facilitator": (True, True),
    "moderator": (False, False),
    "dgcs_admin": (True, True),
    "superuser": (True, True),
}
# Territory teams open the admin too: Wagtail shows them only their territory's sheets.
ACCESS_ADMIN = {
    "anonymous": False,
    "visitor": False,
    "member": True,
    "referent": True,
    "commissioner": False,
    "facilitator": True,
    "moderator": False,
    "dgcs_admin": True,
    "superuser": True,
}
MANAGE_TERRITORIES = {**dict.fromkeys(ROLES, False), "dgcs_admin": True, "superuser": True}


@pytest.mark.parametrize("role", ROLES)
def test_decide_membership_matrix(world, role):
    user = world["people"][role]
    expected_own, expected_other = DECIDE[role]
    assert permissions.can_decide_membership(user, world["request_own"]) is expected_own
    assert permissions.can_decide_membership(user, world["request_other"]) is expected_other
    assert permissions.can_manage_territory_members(user, world["own"]) is expected_own
    assert permissions.can_manage_territory_members(user, world["other"]) is expected_other


@pytest.mark.parametrize("role", ROLES)
def test_admin_access_matrix(world, role):
    assert permissions.can_access_admin(world["people"][role]) is ACCESS_ADMIN[role]


@pytest.mark.parametrize("role", ROLES)
def test_manage_territories_and_roles_matrix(world, role):
    user = world["people"][role]
    assert permissions.can_manage_territories(user) is MANAGE_TERRITORIES[role]
    assert permissions.can_assign_roles(user) is MANAGE_TERRITORIES[role]


@pytest.mark.parametrize("role", ROLES)
def test_request_membership_matrix(world, role):
    user = world["people"][role]
    own_expected = role not in ("anonymous", "member", "referent")
    assert permissions.can_request_membership(user, world["own"]) is own_expected
    assert permissions.can_request_membership(user, world["other"]) is (role != "anonymous")


def test_inactive_territory_refuses_requests(world):
    world["other"].is_active = False
    world["other"].save()
    reason = permissions.why_cannot_request_membership(UserFactory(), world["other"])
    assert reason == "Ce territoire n’accepte plus de nouvelles demandes."


def test_already_decided_request_cannot_be_decided_again(world):
    request = world["request_own"]
    request.status = Membership.Status.ACCEPTED
    request.save()
    reason = permissions.why_cannot_decide_membership(world["people"]["referent"], request)
    assert "déjà reçu une réponse" in reason


def test_nobody_decides_their_own_request(world):
    facilitator = world["people"]["facilitator"]
    own_request = MembershipFactory(
        user=facilitator, territory=world["own"], status=Membership.Status.PENDING
    )
    reason = permissions.why_cannot_decide_membership(facilitator, own_request)
    assert reason == "Vous ne pouvez pas répondre à votre propre demande."


def test_inactive_account_has_no_power(world):
    facilitator = world["people"]["facilitator"]
    facilitator.is_active = False
    assert not permissions.can_access_admin(facilitator)
    assert not permissions.can_decide_membership(facilitator, world["request_own"])


def test_pending_or_refused_member_does_not_open_the_admin(world):
    pending = MembershipFactory(territory=world["own"], status=Membership.Status.PENDING).user
    refused = MembershipFactory(territory=world["own"], status=Membership.Status.REFUSED).user
    assert not permissions.can_access_admin(pending)
    assert not permissions.can_access_admin(refused)


def test_pending_referent_is_not_yet_referent(world):
    pending_referent = MembershipFactory(
        territory=world["own"], role=Membership.Role.REFERENT, status=Membership.Status.PENDING
    ).user
    assert not permissions.can_decide_membership(pending_referent, world["request_own"])
