"""Names typed at sign-up and in the profile lose their direction controls and zero-width
characters (U+202E would turn a name around, U+200B would make two names look alike)."""

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.tests.test_auth import signup
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_signup_stores_names_without_invisible_characters(
    client, django_capture_on_commit_callbacks
):
    signup(
        client,
        django_capture_on_commit_callbacks,
        first_name="L\u202eéa",
        last_name="Mar\u200btin",
        organisation="\u2066CCAS\u2069 de Fictiville",
        job_title="Cheffe\u200f de projet",
    )
    user = User.objects.get(email="lea.martin@example.org")
    assert (user.first_name, user.last_name, user.organisation, user.job_title) == (
        "Léa",
        "Martin",
        "CCAS de Fictiville",
        "Cheffe de projet",
    )


def test_signup_refuses_a_name_made_of_invisible_characters(
    client, django_capture_on_commit_callbacks
):
    response = signup(client, django_capture_on_commit_callbacks, first_name="\u200b\u202e")
    assert response.status_code == 200
    assert not User.objects.filter(email="lea.martin@example.org").exists()


def test_profile_stores_names_without_invisible_characters(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {
            "first_name": "In\u202eès",
            "last_name": "\u200bDurand",
            "organisation": "CCAS\ufeff",
            "job_title": "",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.organisation) == ("Inès", "Durand", "CCAS")
