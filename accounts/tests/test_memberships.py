import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Membership
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory():
    return TerritoryFactory(name="Fictiville")


@pytest.fixture
def referent(territory):
    return MembershipFactory(territory=territory, role=Membership.Role.REFERENT).user


def test_request_membership_notifies_referents(
    client, territory, referent, django_capture_on_commit_callbacks
):
    user = UserFactory(first_name="Léa", last_name="Martin")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:request_membership"),
            {"territory": territory.pk, "message": "Je pilote le projet au CCAS."},
            follow=True,
        )
    assert "Votre demande pour rejoindre Fictiville a été envoyée" in response.content.decode()
    membership = Membership.objects.get(user=user, territory=territory)
    assert membership.status == Membership.Status.PENDING
    assert [m.to for m in mail.outbox] == [[referent.email]]
    message = mail.outbox[0]
    assert "Demande d’adhésion à l’équipe de Fictiville" in message.subject
    assert "Je pilote le projet au CCAS." in message.body
    assert f"/mon-compte/territoires/{territory.slug}/equipe/" in message.body
    assert message.alternatives and "Répondre à la demande" in message.alternatives[0][0]


def test_without_referent_facilitators_are_notified(
    client, territory, django_capture_on_commit_callbacks
):
    from accounts import roles

    facilitator = UserFactory(roles=[roles.FACILITATOR])
    client.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:request_membership"), {"territory": territory.pk})
    assert [m.to for m in mail.outbox] == [[facilitator.email]]


def test_duplicate_request_gets_french_error_and_changes_nothing(client, territory):
    member = MembershipFactory(territory=territory).user
    client.force_login(member)
    response = client.post(reverse("accounts:request_membership"), {"territory": territory.pk})
    assert response.status_code == 200
    assert "Vous faites déjà partie de l’équipe de Fictiville." in response.content.decode()
    assert Membership.objects.filter(user=member).count() == 1
    assert mail.outbox == []


def test_pending_request_cannot_be_sent_twice(client, territory):
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("accounts:request_membership"), {"territory": territory.pk})
    response = client.post(
        reverse("accounts:request_membership"), {"territory": territory.pk, "message": "Relance"}
    )
    content = response.content.decode()
    assert "déjà en attente de réponse" in content
    assert "Relance" in content  # what the user typed is kept
    assert Membership.objects.filter(user=user).count() == 1


def test_request_without_territory_is_explained(client):
    client.force_login(UserFactory())
    response = client.post(reverse("accounts:request_membership"), {"territory": ""})
    assert "Choisissez le territoire que vous souhaitez rejoindre." in response.content.decode()


def test_unknown_territory_is_explained(client):
    client.force_login(UserFactory())
    response = client.post(reverse("accounts:request_membership"), {"territory": "999999"})
    assert "n’existe pas ou n’accepte plus de demandes" in response.content.decode()


def test_referent_accepts_and_user_is_told(
    client, territory, referent, django_capture_on_commit_callbacks
):
    request = MembershipFactory(territory=territory, status=Membership.Status.PENDING)
    client.force_login(referent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:decide_membership", args=[request.pk]),
            {"decision": "accept", "comment": "Bienvenue !"},
            follow=True,
        )
    assert "a rejoint l’équipe de Fictiville" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Membership.Status.ACCEPTED
    assert request.decided_by == referent
    assert [m.to for m in mail.outbox] == [[request.user.email]]
    assert "Vous avez rejoint l’équipe de Fictiville" in mail.outbox[0].subject
    assert "Bienvenue !" in mail.outbox[0].body


def test_referent_refuses_with_reason(
    client, territory, referent, django_capture_on_commit_callbacks
):
    request = MembershipFactory(territory=territory, status=Membership.Status.PENDING)
    client.force_login(referent)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:decide_membership", args=[request.pk]),
            {"decision": "refuse", "comment": "Vous ne travaillez pas sur ce territoire."},
        )
    request.refresh_from_db()
    assert request.status == Membership.Status.REFUSED
    assert "n’a pas été acceptée" in mail.outbox[0].subject
    assert "Vous ne travaillez pas sur ce territoire." in mail.outbox[0].body
    # A refused person may ask again.
    client.force_login(request.user)
    client.post(reverse("accounts:request_membership"), {"territory": territory.pk})
    request.refresh_from_db()
    assert request.status == Membership.Status.PENDING


def test_referent_of_another_territory_is_refused_and_nothing_changes(client, territory):
    request = MembershipFactory(territory=territory, status=Membership.Status.PENDING)
    stranger = MembershipFactory(role=Membership.Role.REFERENT).user  # referent elsewhere
    client.force_login(stranger)
    response = client.post(
        reverse("accounts:decide_membership", args=[request.pk]), {"decision": "accept"}
    )
    assert response.status_code == 403
    assert "Seuls les référents de ce territoire" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Membership.Status.PENDING
    assert mail.outbox == []
    team = client.get(reverse("accounts:territory_team", args=[territory.slug]))
    assert team.status_code == 403


def test_deciding_twice_gets_a_message(client, territory, referent):
    request = MembershipFactory(territory=territory, status=Membership.Status.ACCEPTED)
    client.force_login(referent)
    response = client.post(
        reverse("accounts:decide_membership", args=[request.pk]),
        {"decision": "refuse"},
        follow=True,
    )
    assert "Cette demande a déjà reçu une réponse (acceptée)." in response.content.decode()
    request.refresh_from_db()
    assert request.status == Membership.Status.ACCEPTED


def test_team_page_lists_requests_and_members(client, territory, referent):
    pending = MembershipFactory(territory=territory, status=Membership.Status.PENDING)
    client.force_login(referent)
    response = client.get(reverse("accounts:territory_team", args=[territory.slug]))
    content = response.content.decode()
    assert response.status_code == 200
    assert pending.user.email in content
    assert referent.get_full_name() in content


def test_referent_changes_a_role(client, territory, referent):
    member = MembershipFactory(territory=territory)
    client.force_login(referent)
    client.post(reverse("accounts:change_member_role", args=[member.pk]), {"role": "referent"})
    member.refresh_from_db()
    assert member.role == Membership.Role.REFERENT
    response = client.post(
        reverse("accounts:change_member_role", args=[member.pk]), {"role": "roi"}, follow=True
    )
    assert "Rôle inconnu." in response.content.decode()


def test_user_cancels_own_request_but_not_others(client, territory):
    request = MembershipFactory(territory=territory, status=Membership.Status.PENDING)
    other = MembershipFactory(territory=territory, status=Membership.Status.PENDING)
    client.force_login(request.user)
    assert client.post(reverse("accounts:cancel_membership", args=[other.pk])).status_code == 404
    client.post(reverse("accounts:cancel_membership", args=[request.pk]))
    assert not Membership.objects.filter(pk=request.pk).exists()
    assert Membership.objects.filter(pk=other.pk).exists()


def test_dashboard_shows_territories_requests_and_work_to_do(client, territory, referent):
    MembershipFactory(territory=territory, status=Membership.Status.PENDING)
    other = TerritoryFactory(name="Bourg-Test")
    MembershipFactory(user=referent, territory=other, status=Membership.Status.PENDING)
    client.force_login(referent)
    content = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Fictiville" in content
    assert "Demandes en attente" in content and "Bourg-Test" in content
    assert "Demandes d’adhésion à traiter" in content
    assert "1 demande en attente" in content


def test_dashboard_queries_are_bounded(client):
    """The same number of queries with 3 or 15 territories (each app's « Mon compte » section
    costs a fixed number of queries: about 25 for the nine sections), and few in all."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for memberships in (3, 15):
        user = UserFactory()
        for _ in range(memberships):
            MembershipFactory(user=user)
        client.force_login(user)
        client.get(reverse("accounts:dashboard"))  # warm caches (content types, site)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("accounts:dashboard"))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 26, counts


def test_account_pages_require_login(client):
    for name in (
        "accounts:dashboard",
        "accounts:profile",
        "accounts:preferences",
        "accounts:request_membership",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/login/")


def test_profile_and_preferences(client):
    user = UserFactory()
    client.force_login(user)
    client.post(
        reverse("accounts:profile"),
        {
            "first_name": "Inès",
            "last_name": "Durand",
            "organisation": "CCAS",
            "job_title": "Cheffe",
        },
    )
    client.post(
        reverse("accounts:preferences"),
        {"notification_frequency": "daily", "email_event_reminders": ""},
    )
    user.refresh_from_db()
    assert (user.first_name, user.organisation) == ("Inès", "CCAS")
    assert user.notification_frequency == "daily"
    assert user.email_event_reminders is False
    response = client.post(reverse("accounts:profile"), {"first_name": "x" * 200})
    assert "Le formulaire contient des erreurs" in response.content.decode()
    assert "x" * 200 in response.content.decode()
