"""The clause library in the Wagtail admin: editing a clause (a version, a thread), the rights of
each role, publishing a model with its sections, deciding on proposals."""

import pytest
from django.core import mail

from accounts import roles
from library.conventions import clauses as clause_library
from library.conventions.models import Clause, ConventionModel, Section
from library.conventions.tests.factories import ClauseFactory
from library.conventions.tests.helpers import html
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- Wagtail admin -------------------------------------------------------------------------------


def test_admin_edit_creates_a_version_and_a_thread(client, category):
    admin = UserFactory(roles=[roles.DGCS_ADMIN])
    client.force_login(admin)
    response = client.get("/admin/snippets/conventions/clause/")
    assert response.status_code == 200
    response = client.post(
        "/admin/snippets/conventions/clause/add/",
        {
            "title": "Clause nationale",
            "slug": "clause-nationale",
            "section": Section.OBJET,
            "status": Clause.Status.VALIDATED,
            "text": "Objet : {{ objet }}.",
            "note": "Note",
            "decision_comment": "",
        },
    )
    assert response.status_code == 302, html(response)[:3000]
    clause = Clause.objects.get(slug="clause-nationale")
    assert clause.versions.count() == 1
    assert clause.thread is not None
    response = client.post(
        f"/admin/snippets/conventions/clause/edit/{clause.pk}/",
        {
            "title": "Clause nationale",
            "slug": "clause-nationale",
            "section": Section.OBJET,
            "status": Clause.Status.VALIDATED,
            "text": "Objet révisé : {{ objet }}.",
            "note": "Note",
            "decision_comment": "",
        },
    )
    assert response.status_code == 302
    assert list(clause.versions.values_list("number", flat=True)) == [2, 1]
    assert client.get("/admin/snippets/conventions/clauseversion/").status_code == 200


def test_admin_rights_by_role(client):
    facilitator = UserFactory(roles=[roles.FACILITATOR])
    client.force_login(facilitator)
    assert client.get("/admin/snippets/conventions/conventionmodel/add/").status_code == 200
    clause = ClauseFactory(slug="a-supprimer", section=Section.OBJET, text="Texte")
    assert client.get(f"/admin/snippets/conventions/clause/delete/{clause.pk}/").status_code in (
        302,
        403,
    )
    assert Clause.objects.filter(pk=clause.pk).exists()
    assert client.get("/admin/snippets/conventions/clauseversion/add/").status_code in (302, 403)


def test_admin_publishes_a_model_with_sections(client, clauses):
    admin = UserFactory(roles=[roles.DGCS_ADMIN])
    client.force_login(admin)
    response = client.post(
        "/admin/snippets/conventions/conventionmodel/add/",
        {
            "title": "Modèle national",
            "slug": "modele-national",
            "description": "",
            "is_published": "on",
            "sections-TOTAL_FORMS": "2",
            "sections-INITIAL_FORMS": "0",
            "sections-MIN_NUM_FORMS": "0",
            "sections-MAX_NUM_FORMS": "1000",
            "sections-0-section": Section.OBJET,
            "sections-0-position": "0",
            "sections-0-default_clause": clauses["objet"].pk,
            "sections-0-ORDER": "0",
            "sections-0-id": "",
            "sections-0-DELETE": "",
            "sections-1-section": Section.DUREE_CONSERVATION,
            "sections-1-position": "1",
            "sections-1-default_clause": clauses["conservation"].pk,
            "sections-1-alternatives": [clauses["conservation-proposee"].pk],
            "sections-1-ORDER": "1",
            "sections-1-id": "",
            "sections-1-DELETE": "",
        },
    )
    assert response.status_code == 302, html(response)[:2000]
    model = ConventionModel.objects.get(slug="modele-national")
    sections = list(model.sections.order_by("position"))
    assert [s.section for s in sections] == [Section.OBJET, Section.DUREE_CONSERVATION]
    assert list(sections[1].alternatives.all()) == [clauses["conservation-proposee"]]


def _admin_edit(client, clause, **changes):
    data = {
        "title": clause.title,
        "slug": clause.slug,
        "section": clause.section,
        "status": clause.status,
        "text": clause.text,
        "note": clause.note,
        "decision_comment": clause.decision_comment,
        "territory": clause.territory_id or "",
        "alternative_to": clause.alternative_to_id or "",
        **changes,
    }
    return client.post(f"/admin/snippets/conventions/clause/edit/{clause.pk}/", data)


def test_a_proposal_decided_in_the_admin_is_recorded_and_mailed(
    client, member, territory, facilitator, category, django_capture_on_commit_callbacks
):
    proposal = clause_library.propose_clause(
        member,
        territory=territory,
        title="Clause de Fictiville",
        section=Section.OBJET,
        text="Texte",
        note="Note",
    )
    client.force_login(facilitator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _admin_edit(
            client,
            proposal,
            status=Clause.Status.PROPOSED,
            decision_comment="Bienvenue au clausier.",
        )
    assert response.status_code == 302, html(response)[:2000]
    proposal.refresh_from_db()
    assert proposal.status == Clause.Status.PROPOSED
    assert proposal.decided_by == facilitator and proposal.decided_at is not None
    assert proposal.territory == territory and proposal.thread is not None
    assert [message.to for message in mail.outbox] == [[member.email]]
    assert "est validée" in mail.outbox[0].subject
    assert "Bienvenue au clausier." in mail.outbox[0].body

    # Editing it again later sends nothing more.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _admin_edit(client, proposal, note="Note revue")
    assert mail.outbox == []


def test_a_refusal_in_the_admin_needs_a_reason_and_is_mailed(
    client, member, territory, facilitator, django_capture_on_commit_callbacks
):
    proposal = clause_library.propose_clause(
        member,
        territory=territory,
        title="Clause à refuser",
        section=Section.OBJET,
        text="Texte",
        note="Note",
    )
    client.force_login(facilitator)
    mail.outbox.clear()
    response = _admin_edit(client, proposal, status=Clause.Status.REFUSED, decision_comment="")
    assert response.status_code == 200
    assert "Expliquez le refus" in html(response)
    proposal.refresh_from_db()
    assert proposal.status == Clause.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        response = _admin_edit(
            client, proposal, status=Clause.Status.REFUSED, decision_comment="Déjà couvert."
        )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Clause.Status.REFUSED and proposal.decided_by == facilitator
    assert len(mail.outbox) == 1 and "n’est pas retenue" in mail.outbox[0].subject
    assert "Déjà couvert." in mail.outbox[0].body
