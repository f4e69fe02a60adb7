"""The Wagtail admin, for the facilitators and the DGCS: no Gravatar (it would send a hash of
each person's e-mail address to a third party), no links to Wagtail's English guides (the
dashboard's account summary, the help menu, the « What's new » banner)."""

import re

import pytest
from django.urls import reverse

from accounts import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["facilitator", "dgcs", "superuser"])
def admin_user(request):
    if request.param == "superuser":
        return UserFactory(is_superuser=True, is_staff=True)
    return UserFactory(
        roles=[roles.FACILITATOR if request.param == "facilitator" else roles.DGCS_ADMIN]
    )


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_dashboard_shows_no_gravatar(client, admin_user):
    html = dashboard(client, admin_user)
    assert "avatar" in html  # Wagtail's own default avatar is there…
    assert "gravatar" not in html.lower()  # …never one from gravatar.com


def test_the_dashboard_links_to_no_english_guide(client, admin_user):
    html = dashboard(client, admin_user)
    assert "guide.wagtail.org" not in html
    assert "Guide de l" not in html  # « Guide de l’éditeur pour Wagtail 8 »
    assert "w-upgrade" not in html  # no upgrade check (it asks Wagtail's server) either
    # The account link of the summary stays.
    assert re.search(r'href="/admin/account/">\s*Compte\s*</a>', html)


def test_the_help_menu_keeps_only_the_keyboard_shortcuts(client, admin_user):
    html = dashboard(client, admin_user)
    assert "editor-guide" not in html
    assert "whats-new-in-wagtail" not in html
    assert "keyboard-shortcuts-trigger" in html
