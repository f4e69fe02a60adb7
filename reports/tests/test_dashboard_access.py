# ruff: noqa: F811 (the shared fixtures are imported, then named as arguments)
import pytest
from django.test import RequestFactory

from accounts import roles
from accounts.models import Membership
from reports.dashboard.wagtail_hooks_dashboard import DashboardMenuItem
from reports.tests.test_dashboard_fixtures import URL, campaigns  # noqa: F401
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _user(kind):
    if kind == "anonymous":
        return None
    if kind == "member":
        return MembershipFactory().user
    if kind == "referent":
        return MembershipFactory(role=Membership.Role.REFERENT).user
    names = {"facilitator": roles.FACILITATOR, "dgcs": roles.DGCS_ADMIN}
    names["commissioner"] = roles.COMMISSIONER
    return UserFactory(roles=[names[kind]])


@pytest.mark.parametrize(
    "kind, status",
    [
        ("facilitator", 200),
        ("dgcs", 200),
        ("commissioner", 403),
        ("member", 403),
        ("referent", 403),
        ("anonymous", 302),
    ],
)
def test_who_opens_the_dashboard(client, campaigns, kind, status):
    user = _user(kind)
    if user:
        client.force_login(user)
    for url in (URL, URL + "?format=csv", URL + "?reprises=toutes"):
        response = client.get(url)
        assert response.status_code == status, url
    if status == 403:
        assert "réservé à l’équipe d’animation" in response.content.decode()
    if status == 302:
        assert response["Location"].startswith("/compte/login/")


@pytest.mark.parametrize("kind", ["commissioner", "member", "referent"])
def test_only_facilitators_and_dgcs_send_reminders(client, campaigns, kind):
    client.force_login(_user(kind))
    territory = MembershipFactory().territory
    response = client.post(
        URL + "relancer/", {"territoire": territory.slug, "annee": 2025, "confirmer": "1"}
    )
    assert response.status_code == 403
    assert not territory.report_reminders.exists()


def test_reminders_are_posted_only(client, campaigns):
    client.force_login(_user("dgcs"))
    assert client.get(URL + "relancer/").status_code == 405


@pytest.mark.parametrize("kind, shown", [("dgcs", True), ("facilitator", True), ("member", False)])
def test_the_admin_menu_links_to_the_dashboard_for_those_who_may_open_it(kind, shown):
    request = RequestFactory().get("/admin/")
    request.user = _user(kind)
    item = DashboardMenuItem("Tableau de bord des bilans", URL, name="tableau-de-bord-bilans")
    assert item.is_shown(request) is shown
