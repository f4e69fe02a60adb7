"""Proposals of clauses by territory members and their review by the facilitators, with the
e-mails."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts import roles
from library.conventions import clauses as clause_library
from library.conventions import drafts
from library.conventions.models import Clause, ModelSection, Section
from library.conventions.tests.helpers import html
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- Proposals -----------------------------------------------------------------------------------


def test_territory_member_proposes_an_alternative(
    client,
    member,
    territory,
    facilitator,
    clauses,
    convention_model,
    django_capture_on_commit_callbacks,
):
    client.force_login(member)
    url = reverse("conventions:clause_propose")
    response = client.post(
        url,
        {
            "territory": territory.pk,
            "section": Section.OBJET,
            "title": "",
            "text": "Texte {{ mal ferme",
            "note": "",
        },
    )
    assert response.status_code == 200
    body = html(response)
    assert "Donnez un titre à la clause." in body
    assert "Une variable est mal fermée" in body
    assert "Texte {{ mal ferme" in body
    assert not Clause.objects.filter(territory=territory).exists()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "territory": territory.pk,
                "section": Section.DUREE_CONSERVATION,
                "alternative_to": clauses["conservation"].pk,
                "title": "Conservation réduite de Fictiville",
                "text": "Conservation {{ duree_conservation }} seulement.",
                "note": "Retour d’expérience de Fictiville.",
            },
        )
    proposal = Clause.objects.get(title="Conservation réduite de Fictiville")
    assert response["Location"] == proposal.get_absolute_url()
    assert proposal.status == Clause.Status.PENDING
    assert proposal.proposed_by == member and proposal.versions.count() == 1
    assert [m.to for m in mail.outbox] == [[facilitator.email]]

    # Invisible to others, unusable in the builder.
    client.logout()
    assert client.get(proposal.get_absolute_url()).status_code == 404
    section = convention_model.sections.get(section=Section.DUREE_CONSERVATION)
    assert proposal not in drafts.section_options(section)


def test_alternative_must_share_the_section(client, member, territory, clauses):
    client.force_login(member)
    response = client.post(
        reverse("conventions:clause_propose"),
        {
            "territory": territory.pk,
            "section": Section.OBJET,
            "alternative_to": clauses["conservation"].pk,
            "title": "T",
            "text": "Texte",
            "note": "Note",
        },
    )
    assert "choisissez la même section" in html(response)


def test_proposal_page_refused_to_people_without_territory(client):
    client.force_login(UserFactory(roles=[roles.COMMISSIONER]))
    assert client.get(reverse("conventions:clause_propose")).status_code == 403
    client.logout()
    assert client.get(reverse("conventions:clause_propose")).status_code == 302


def test_facilitator_validates_a_proposal(
    client,
    member,
    territory,
    facilitator,
    clauses,
    convention_model,
    category,
    django_capture_on_commit_callbacks,
):
    proposal = clause_library.propose_clause(
        member,
        territory=territory,
        title="Conservation de Fictiville",
        section=Section.DUREE_CONSERVATION,
        text="Conservation {{ duree_conservation }}.",
        note="Note",
        alternative_to=clauses["conservation"],
    )
    client.force_login(member)
    assert client.get(reverse("conventions:proposals")).status_code == 403

    client.force_login(facilitator)
    body = html(client.get(reverse("conventions:proposals")))
    assert "Conservation de Fictiville" in body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("conventions:decide", args=[proposal.pk]),
            {"decision": "accept", "comment": "Merci !"},
        )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Clause.Status.PROPOSED
    assert proposal.decided_by == facilitator
    assert proposal.thread is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    assert "est validée" in mail.outbox[0].subject
    assert "Merci !" in mail.outbox[0].body
    # Now usable, flagged, and offered where the clause it varies is.
    section = ModelSection.objects.get(
        convention_model=convention_model, section=Section.DUREE_CONSERVATION
    )
    assert proposal in drafts.section_options(section)
    # Deciding twice is refused.
    response = client.post(
        reverse("conventions:decide", args=[proposal.pk]),
        {"decision": "refuse", "comment": "Non"},
        follow=True,
    )
    assert "a déjà reçu une réponse" in html(response)


def test_refusal_needs_a_reason_and_is_mailed(
    client, member, territory, facilitator, django_capture_on_commit_callbacks
):
    proposal = clause_library.propose_clause(
        member,
        territory=territory,
        title="Clause refusée",
        section=Section.OBJET,
        text="Texte",
        note="Note",
    )
    client.force_login(facilitator)
    response = client.post(
        reverse("conventions:decide", args=[proposal.pk]),
        {"decision": "refuse", "comment": ""},
        follow=True,
    )
    assert "Expliquez le refus" in html(response)
    proposal.refresh_from_db()
    assert proposal.status == Clause.Status.PENDING
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("conventions:decide", args=[proposal.pk]),
            {"decision": "refuse", "comment": "Déjà couvert par la clause nationale."},
        )
    proposal.refresh_from_db()
    assert proposal.status == Clause.Status.REFUSED
    assert "n’est pas retenue" in mail.outbox[0].subject
    assert "Déjà couvert par la clause nationale." in mail.outbox[0].body
