"""Who may build, view, edit, share and delete a draft; propose and review clauses."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts import roles
from library.conventions import permissions, services
from library.conventions.drafts import share_draft
from library.conventions.models import Clause
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(member, teammate, outsider, facilitator, territory):
    unverified = UserFactory()
    MembershipFactory(user=unverified, territory=territory)
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    pending = UserFactory()
    MembershipFactory(user=pending, territory=territory, status="pending")
    commissioner = UserFactory(roles=[roles.COMMISSIONER])
    return {
        "member": member,
        "teammate": teammate,
        "outsider": outsider,
        "facilitator": facilitator,
        "unverified": unverified,
        "pending": pending,
        "commissioner": commissioner,
        "lonely": UserFactory(),
    }


def test_builder_matrix(people):
    expected = {
        "member": True,
        "teammate": True,
        "outsider": True,
        "facilitator": True,
        "commissioner": True,
        "unverified": False,
        "pending": False,
        "lonely": False,
    }
    for name, allowed in expected.items():
        assert permissions.can_use_builder(people[name]) is allowed, name
    from django.contrib.auth.models import AnonymousUser

    assert "Connectez-vous" in permissions.why_cannot_use_builder(AnonymousUser())
    assert "Confirmez votre adresse" in permissions.why_cannot_use_builder(people["unverified"])


def test_draft_matrix_before_and_after_sharing(people, complete_draft, territory):
    def rights(draft):
        return {
            name: (
                permissions.can_view_draft(user, draft),
                permissions.can_edit_draft(user, draft),
                permissions.can_delete_draft(user, draft),
            )
            for name, user in people.items()
        }

    before = rights(complete_draft)
    assert before["member"] == (True, True, True)
    for name in ("teammate", "outsider", "facilitator", "commissioner", "pending", "lonely"):
        assert before[name] == (False, False, False), name

    share_draft(complete_draft, people["member"], territory)
    after = rights(complete_draft)
    assert after["member"] == (True, True, True)
    assert after["teammate"] == (True, True, False)
    for name in ("outsider", "facilitator", "pending", "unverified"):
        assert after[name] == (False, False, False), name


def test_sharing_views(client, people, complete_draft, territory):
    url = complete_draft.get_absolute_url()
    client.force_login(people["teammate"])
    assert client.get(url).status_code == 404
    client.force_login(people["member"])
    response = client.post(
        reverse("conventions:draft_share", args=[complete_draft.pk]), {"territory": territory.pk}
    )
    assert response.status_code == 302
    complete_draft.refresh_from_db()
    assert complete_draft.shared_territory == territory

    client.force_login(people["teammate"])
    assert client.get(url).status_code == 200
    step = reverse("conventions:draft_step", args=[complete_draft.pk, "conservation"])
    assert client.post(step, {"retention": "un mois"}).status_code == 302
    complete_draft.refresh_from_db()
    assert complete_draft.answers["retention"] == "un mois"
    assert complete_draft.updated_by == people["teammate"]
    # The teammate may neither share nor delete.
    assert (
        client.post(
            reverse("conventions:draft_share", args=[complete_draft.pk]), {"territory": ""}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("conventions:draft_delete", args=[complete_draft.pk])).status_code
        == 403
    )
    # An outsider sees nothing.
    client.force_login(people["outsider"])
    assert client.get(url).status_code == 404
    assert client.get(step).status_code == 404
    assert (
        client.get(reverse("conventions:draft_export", args=[complete_draft.pk, "pdf"])).status_code
        == 404
    )


def test_owner_cannot_share_with_a_territory_he_is_not_in(client, people, complete_draft):
    other = people["outsider"].memberships.first().territory
    client.force_login(people["member"])
    client.post(
        reverse("conventions:draft_share", args=[complete_draft.pk]), {"territory": other.pk}
    )
    complete_draft.refresh_from_db()
    assert complete_draft.shared_territory is None
    with pytest.raises(services.ConventionError):
        share_draft(complete_draft, people["member"], other)


def test_delete_with_confirmation(client, member, complete_draft):
    client.force_login(member)
    url = reverse("conventions:draft_delete", args=[complete_draft.pk])
    response = client.get(url)
    assert "Supprimer le projet « Convention test CAF–CCAS » ?" in response.content.decode()
    assert type(complete_draft).objects.filter(pk=complete_draft.pk).exists()
    response = client.post(url)
    assert response["Location"] == reverse("conventions:my_drafts")
    assert not type(complete_draft).objects.filter(pk=complete_draft.pk).exists()


def test_member_without_territory_gets_403_on_builder(client, people):
    client.force_login(people["lonely"])
    response = client.get(reverse("conventions:builder_start"))
    assert response.status_code == 403


def test_clause_visibility(people, clauses):
    pending = clauses["conservation-en-attente"]
    pending.proposed_by = people["member"]
    pending.save()
    assert permissions.can_view_clause(people["member"], pending)
    assert permissions.can_view_clause(people["facilitator"], pending)
    assert not permissions.can_view_clause(people["teammate"], pending)
    assert permissions.can_view_clause(None, clauses["conservation-retiree"])
    refused = Clause(status=Clause.Status.REFUSED)
    assert not permissions.can_view_clause(people["outsider"], refused)


def test_propose_and_review_matrix(people):
    assert permissions.can_propose(people["member"])
    assert not permissions.can_propose(people["commissioner"])
    assert not permissions.can_propose(people["unverified"])
    assert permissions.can_review_proposals(people["facilitator"])
    assert not permissions.can_review_proposals(people["member"])
    admin = UserFactory(roles=[roles.DGCS_ADMIN])
    assert permissions.can_review_proposals(admin)
