import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from accounts import roles
from accounts.models import Membership, Territory, User

pytestmark = pytest.mark.django_db

DEMO_ACCOUNTS = {
    "equipe@example.org": None,
    "referent@example.org": None,
    "commissaire@example.org": roles.COMMISSIONER,
    "animateur@example.org": roles.FACILITATOR,
    "moderateur@example.org": roles.MODERATOR,
    "admin@example.org": roles.DGCS_ADMIN,
}


def test_load_demo_is_idempotent_and_complete(client):
    call_command("load_demo", verbosity=0)
    counts = (User.objects.count(), Territory.objects.count(), Membership.objects.count())
    call_command("load_demo", verbosity=0)
    assert (User.objects.count(), Territory.objects.count(), Membership.objects.count()) == counts
    assert Territory.objects.count() >= 12
    assert Territory.objects.values("region").distinct().count() >= 6
    for email, role in DEMO_ACCOUNTS.items():
        user = User.objects.get(email=email)
        if role:
            assert role in user.role_names
    referent = Membership.objects.get(user__email="referent@example.org")
    assert referent.role == Membership.Role.REFERENT and referent.is_accepted
    assert User.objects.get(email="commissaire@example.org").regions.count() == 2
    # The documented password works.
    assert client.login(email="equipe@example.org", password="demo-zero-non-recours")


@override_settings(DEMO_CONTENT_ALLOWED=False)
def test_load_demo_is_refused_in_production():
    with pytest.raises(CommandError, match="refusé"):
        call_command("load_demo")
    assert not User.objects.filter(email="admin@example.org").exists()


def test_bootstrap_removes_wagtail_default_groups_and_is_idempotent():
    from django.contrib.auth.models import Group

    from website.bootstrap import bootstrap_site

    bootstrap_site()
    bootstrap_site()
    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.GLOBAL_ROLES) <= names
    assert not names & {"Editors", "Moderators"}
    with_admin = (
        Group.objects.filter(permissions__codename="access_admin")
        .exclude(territory_team__isnull=False)
        .values_list("name", flat=True)
    )
    assert set(with_admin) == {roles.FACILITATOR, roles.DGCS_ADMIN}
