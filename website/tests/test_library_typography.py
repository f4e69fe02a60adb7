"""French typography in what the libraries show on the public site (django-allauth's pages and
messages): typographic apostrophes and a non-breaking space before « : » (locale/ overrides,
written by scripts/typography_overrides.py; the e-mail change page is the project's own)."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_allauth_strings_use_typographic_apostrophes():
    with translation.override("fr"):
        assert gettext("Change Email") == "Changer d’e-mail"
        assert "'" not in gettext("Please type your current password.")


def test_the_email_change_page_reads_as_french(client):
    client.force_login(UserFactory())
    html = client.get(reverse("account_email")).content.decode()
    assert "Adresse e-mail actuelle" in html and "Nouvelle adresse e-mail" in html
    assert "actuel:" not in html and "d'e-mail" not in html
