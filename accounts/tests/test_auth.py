"""Sign-up, e-mail verification, login, password reset, e-mail change (django-allauth)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import override_settings

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "first_name": "Léa",
    "last_name": "Martin",
    "email": "lea.martin@example.org",
    "organisation": "CCAS de Fictiville",
    "job_title": "Cheffe de projet",
    "password1": "une phrase de passe solide",
    "password2": "une phrase de passe solide",
}


def confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/compte/confirm-email/[^\s]+/)", message.body).group(1)


def signup(client, captured, **overrides):
    with captured(execute=True):
        return client.post("/compte/signup/", {**SIGNUP, **overrides}, follow=True)


def test_signup_requires_email_verification(client, django_capture_on_commit_callbacks):
    response = signup(client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    user = User.objects.get(email="lea.martin@example.org")
    assert (user.first_name, user.organisation, user.job_title) == (
        "Léa",
        "CCAS de Fictiville",
        "Cheffe de projet",
    )
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject.startswith("[Communauté zéro non-recours]")
    assert "Confirmez" in message.subject or "Confirm" not in message.subject
    html = {mime: body for body, mime in message.alternatives}["text/html"]
    assert "Confirmer mon adresse e-mail" in html
    # Login is refused until the address is verified.
    response = client.post(
        "/compte/login/",
        {"login": SIGNUP["email"], "password": SIGNUP["password1"]},
        follow=True,
    )
    assert "_auth_user_id" not in client.session
    # Confirm, then log in.
    link = confirmation_link(message)
    assert client.get(link).status_code == 200
    client.post(link)
    assert EmailAddress.objects.get(user=user).verified
    client.post(
        "/compte/login/", {"login": "LEA.MARTIN@example.org", "password": SIGNUP["password1"]}
    )
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_email_is_in_french_with_text_part(client, django_capture_on_commit_callbacks):
    signup(client, django_capture_on_commit_callbacks)
    body = mail.outbox[0].body
    assert body.startswith("Bonjour,\n")
    assert "Bienvenue sur Communauté zéro non-recours." in body
    assert "/compte/confirm-email/" in body
    assert "— L’équipe de Communauté zéro non-recours" in body
    assert "You're receiving" not in body and "c’est  !" not in body and "sur ." not in body


def test_duplicate_email_changes_nothing(client, django_capture_on_commit_callbacks):
    UserFactory(email="lea.martin@example.org")
    signup(client, django_capture_on_commit_callbacks, email="Lea.Martin@example.org")
    assert User.objects.filter(email__iexact="lea.martin@example.org").count() == 1


def test_signup_errors_are_french_and_keep_input(client, django_capture_on_commit_callbacks):
    response = signup(client, django_capture_on_commit_callbacks, password2="autre chose")
    content = response.content.decode()
    assert "Vous devez saisir deux fois le même mot de passe" in content
    # An error summary, announced and focused, links to the field to fix.
    assert 'role="alert" id="erreurs" tabindex="-1" data-focus-on-load' in content
    assert 'href="#id_password2"' in content
    assert 'value="Léa"' in content and 'value="CCAS de Fictiville"' in content
    assert not User.objects.filter(email="lea.martin@example.org").exists()


def test_wrong_confirmation_link_is_explained_in_french(client):
    response = client.get("/compte/confirm-email/nimportequoi/")
    content = response.content.decode()
    assert "Ce lien de confirmation d" in content
    assert "a expiré ou n" in content and "est pas valide" in content
    assert "nouvelle demande de confirmation" in content


@override_settings(ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS=0)
def test_expired_confirmation_link_is_refused(client, django_capture_on_commit_callbacks):
    signup(client, django_capture_on_commit_callbacks)
    link = confirmation_link(mail.outbox[0])
    response = client.post(link, follow=True)
    assert "a expiré ou n" in response.content.decode()
    assert not EmailAddress.objects.get(email="lea.martin@example.org").verified


def test_password_reset_email(client, django_capture_on_commit_callbacks):
    UserFactory(email="inès@example.org".replace("è", "e"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/password/reset/", {"email": "ines@example.org"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "/compte/password/reset/key/" in message.body
    assert message.body.startswith("Bonjour,\n")
    assert "votre compte sur Communauté zéro non-recours." in message.body
    assert "c’est  !" not in message.body and "sur ." not in message.body
    html = {mime: body for body, mime in message.alternatives}["text/html"]
    assert "Choisir un nouveau mot de passe" in html


def test_login_failures_are_rate_limited(client):
    UserFactory(email="cible@example.org")
    for _ in range(5):
        client.post("/compte/login/", {"login": "cible@example.org", "password": "faux"})
    response = client.post(
        "/compte/login/", {"login": "cible@example.org", "password": "mot-de-passe-test"}
    )
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives" in response.content.decode() or response.status_code == 429


def test_change_email_sends_confirmation(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="avant@example.org")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/email/", {"action_add": "", "email": "apres@example.org"})
    assert EmailAddress.objects.filter(
        user=user, email="apres@example.org", verified=False
    ).exists()
    assert mail.outbox[-1].to == ["apres@example.org"]


def test_a_locked_account_leaves_the_others_behind_the_same_address_free(client):
    UserFactory(email="distraite@example.org")
    UserFactory(email="collegue@example.org")
    for _ in range(5):
        client.post("/compte/login/", {"login": "distraite@example.org", "password": "faux"})
    response = client.post(
        "/compte/login/", {"login": "distraite@example.org", "password": "mot-de-passe-test"}
    )
    content = response.content.decode()
    assert "_auth_user_id" not in client.session
    assert "réessayez dans 5 minutes" in content and "Mot de passe oublié" in content
    # A colleague in the same office (same address) logs in at once.
    client.post(
        "/compte/login/", {"login": "collegue@example.org", "password": "mot-de-passe-test"}
    )
    assert "_auth_user_id" in client.session
