import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts import personal_data
from accounts.models import Membership, User
from forum.tests.factories import CategoryFactory
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

PASSWORD = "mot-de-passe-test"


@pytest.fixture
def member(db):
    user = UserFactory(first_name="Camille", last_name="Martin", organisation="CCAS d’Aville")
    MembershipFactory(user=user, territory=TerritoryFactory(name="Aville"))
    return user


def test_personal_data_page_lists_what_is_kept(client, member):
    client.force_login(member)
    response = client.get("/mon-compte/mes-donnees/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Mes données personnelles" in content
    assert "Télécharger mes données" in content
    assert "/mon-compte/supprimer-mon-compte/" in content


def test_pages_require_login(client, db):
    for url in (
        "/mon-compte/mes-donnees/",
        "/mon-compte/mes-donnees/export.json",
        "/mon-compte/supprimer-mon-compte/",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/compte/login/" in response["Location"]


def test_export_contains_the_account_and_linked_rows_but_no_secret(client, member):
    client.force_login(member)
    response = client.get("/mon-compte/mes-donnees/export.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="mes-donnees-')
    data = json.loads(response.content)
    assert data["compte"]["email"] == member.email
    assert data["compte"]["organisation"] == "CCAS d’Aville"
    assert "password" not in data["compte"]
    memberships = data["donnees_liees"]["accounts.Membership (user)"]
    assert memberships[0]["status"] == Membership.Status.ACCEPTED
    assert "pbkdf2" not in response.content.decode() and "md5$" not in response.content.decode()


def test_export_includes_forum_posts(client, member):
    from forum import services

    category = CategoryFactory(name="Général", slug="general-rgpd")
    services.create_thread(member, category, "Ma question", "Le texte de ma question")
    data = personal_data.export(member)
    keys = " ".join(data["donnees_liees"])
    assert "forum.Post (author)" in keys
    posts = data["donnees_liees"]["forum.Post (author)"]
    assert any("Le texte de ma question" in json.dumps(row, ensure_ascii=False) for row in posts)


def test_delete_requires_the_password_and_the_confirmation(client, member):
    client.force_login(member)
    response = client.post("/mon-compte/supprimer-mon-compte/", {"password": "faux"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Ce mot de passe n’est pas le bon." in content
    assert "Cochez la case pour confirmer la suppression." in content
    member.refresh_from_db()
    assert member.deleted_at is None and member.is_active


def test_delete_anonymises_keeps_posts_and_logs_out(
    client, member, django_capture_on_commit_callbacks
):
    from forum import services
    from forum.models import Post, Subscription

    category = CategoryFactory(name="Général", slug="general-rgpd2")
    thread = services.create_thread(member, category, "Sujet à garder", "Contenu à garder")
    assert Subscription.objects.filter(user=member).exists()
    email = member.email
    client.force_login(member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/mon-compte/supprimer-mon-compte/", {"password": PASSWORD, "confirm": "on"}
        )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.deleted_at is not None
    assert not member.is_active and not member.has_usable_password()
    assert member.email.endswith(".invalid") and member.first_name == ""
    assert member.organisation == "" and member.handle is None
    assert str(member) == "Compte supprimé"
    assert not Membership.objects.filter(user=member).exists()
    assert not Subscription.objects.filter(user=member).exists()
    post = Post.objects.get(thread=thread)
    assert post.author_id == member.pk and "Contenu à garder" in post.source
    # The confirmation went to the old address, and the session is gone.
    assert [m.to for m in mail.outbox] == [[email]]
    assert client.get("/mon-compte/").status_code == 302
    # The person can no longer log in, and the address is free for a new account.
    assert not client.login(email=email, password=PASSWORD)
    User.objects.create_user(email=email, password="autre-mot-de-passe-123")


def test_delete_cancels_future_registrations_and_frees_the_place(member):
    from events import services as event_services
    from events.models import Registration
    from events.tests.factories import EventFactory

    event = EventFactory(capacity=1)
    other = UserFactory()
    event_services.register(member, event)
    event_services.register(other, event)
    assert Registration.objects.get(user=other).status == Registration.Status.WAITLIST
    personal_data.erase(member)
    assert Registration.objects.get(user=member).status == Registration.Status.CANCELLED
    assert Registration.objects.get(user=other).status == Registration.Status.CONFIRMED


def test_erase_is_idempotent(member):
    personal_data.erase(member)
    first = User.objects.get(pk=member.pk).deleted_at
    personal_data.erase(member)
    assert User.objects.get(pk=member.pk).deleted_at == first


def test_no_email_is_ever_queued_to_an_erased_account(member):
    from mailer.services import send_templated

    personal_data.erase(member)
    member.refresh_from_db()
    assert send_templated(member.email, "accounts/email/account_deleted", {}) == []


def test_purge_of_inactive_accounts(db, settings):
    from accounts.tasks import purge_inactive_accounts

    settings.ACCOUNTS_INACTIVE_DAYS = 365
    old = UserFactory(last_login=timezone.now() - timedelta(days=400))
    never = UserFactory(last_login=None)
    User.objects.filter(pk=never.pk).update(date_joined=timezone.now() - timedelta(days=500))
    recent = UserFactory(last_login=timezone.now() - timedelta(days=10))
    assert purge_inactive_accounts() == 2
    assert User.objects.get(pk=old.pk).deleted_at is not None
    assert User.objects.get(pk=never.pk).deleted_at is not None
    assert User.objects.get(pk=recent.pk).deleted_at is None
    assert purge_inactive_accounts() == 0


def test_purge_of_the_email_log_keeps_pending_emails(db, settings):
    from mailer.models import OutgoingEmail
    from mailer.tasks import purge_email_log

    settings.MAILER_LOG_RETENTION_DAYS = 30
    old = timezone.now() - timedelta(days=40)
    sent = OutgoingEmail.objects.create(
        to="a@example.org",
        subject="s",
        body_text="b",
        status=OutgoingEmail.Status.SENT,
        created_at=old,
    )
    pending = OutgoingEmail.objects.create(
        to="b@example.org",
        subject="s",
        body_text="b",
        status=OutgoingEmail.Status.PENDING,
        created_at=old,
    )
    fresh = OutgoingEmail.objects.create(
        to="c@example.org", subject="s", body_text="b", status=OutgoingEmail.Status.SENT
    )
    assert purge_email_log() == 1
    assert not OutgoingEmail.objects.filter(pk=sent.pk).exists()
    assert OutgoingEmail.objects.filter(pk__in=[pending.pk, fresh.pk]).count() == 2
