"""Public pages of the clause library and the models, proposals and their review, the forum
thread of a clause, « Mon compte » and the Wagtail admin."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts import roles
from forum.models import Category, Thread
from forum.tests.factories import CategoryFactory
from library.conventions import clauses as clause_library
from library.conventions import drafts
from library.conventions.models import Clause, ConventionModel, ModelSection, Section
from library.conventions.tests.factories import ClauseFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


@pytest.fixture
def category():
    return CategoryFactory(
        name="Partage de données",
        slug="partage-de-donnees",
        visibility=Category.Visibility.PUBLIC,
    )


def test_clause_list_is_public_filtered_and_hides_pending(client, clauses):
    body = html(client.get(reverse("conventions:clause_list")))
    assert "Conservation puis anonymisation" in body
    assert "Conservation ancienne" in body  # withdrawn: readable, flagged
    assert "Conservation en attente" not in body
    assert "6 clauses" in body

    body = html(client.get(reverse("conventions:clause_list") + "?statut=proposee"))
    assert "1 clause" in body and "Conservation puis anonymisation" in body
    assert "Objet std" not in body
    body = html(client.get(reverse("conventions:clause_list") + "?section=objet"))
    assert "Objet std" in body and "Conservation" not in body.split("titre-clauses")[1]
    body = html(client.get(reverse("conventions:clause_list") + "?section=securite&statut=retiree"))
    assert "Aucune clause ne correspond à ces filtres." in body


def test_clause_list_paginates_with_constant_queries(client, django_assert_max_num_queries):
    for number in range(25):
        ClauseFactory(slug=f"clause-{number:02d}", section=Section.OBJET, text="Texte {{ objet }}")
    with django_assert_max_num_queries(12):
        body = html(client.get(reverse("conventions:clause_list")))
    assert "25 clauses" in body
    assert body.count('class="czn-box fr-p-2w fr-mb-2w"') == 20
    body = html(client.get(reverse("conventions:clause_list") + "?page=2"))
    assert body.count('class="czn-box fr-p-2w fr-mb-2w"') == 5


def test_clause_detail_highlights_variables_and_lists_versions(client, clauses):
    clause = clauses["objet"]
    clause_library.change_clause_text(clause, "Objet : {{ objet }} <script>alert(1)</script>")
    body = html(client.get(clause.get_absolute_url()))
    assert '<mark class="czn-variable">{{ objet }}</mark>' in body
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
    assert "Version 2 du" in body and "Version 1 du" in body
    assert "version en vigueur" in body
    assert body.count("<h1") == 1


def test_pending_clause_is_404_for_others(client, clauses, member):
    url = clauses["conservation-en-attente"].get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 404


def test_discussion_is_created_and_linked(client, clauses, member, category):
    clause = clauses["objet"]
    body = html(client.get(clause.get_absolute_url()))
    assert "Connectez-vous pour discuter de cette clause." in body
    client.force_login(member)
    body = html(client.get(clause.get_absolute_url()))
    assert "Discuter de cette clause" in body
    response = client.post(reverse("conventions:clause_discuss", args=[clause.slug]))
    clause.refresh_from_db()
    thread = clause.thread
    assert thread.category == category
    assert thread.title == "Clause : Objet std"
    assert response["Location"].startswith(f"/forum/discussion/{thread.pk}")
    body = html(client.get(clause.get_absolute_url()))
    assert re.search(
        rf'href="/forum/discussion/{thread.pk}[^"]*"[^>]*>Discuter de cette clause',
        body.replace("\n", " "),
    ) or (f"/forum/discussion/{thread.pk}" in body and "Discuter de cette clause" in body)
    # A second click reuses the thread.
    client.post(reverse("conventions:clause_discuss", args=[clause.slug]))
    assert Thread.objects.count() == 1


def test_model_pages_are_public(client, convention_model):
    body = html(client.get(reverse("conventions:model_list")))
    assert "Modèle test" in body
    assert "Construire une convention avec ce modèle" in body
    body = html(client.get(reverse("conventions:model_detail", args=["modele-test"])))
    assert "Conservation puis anonymisation" in body
    assert "proposée par un territoire" in body
    assert "Conservation en attente" not in body
    convention_model.is_published = False
    convention_model.save()
    assert client.get(reverse("conventions:model_detail", args=["modele-test"])).status_code == 404


def test_model_list_empty_state(client):
    assert "Aucun modèle n’est encore publié." in html(
        client.get(reverse("conventions:model_list"))
    )


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


# --- « Mon compte » ------------------------------------------------------------------------------


def test_drafts_on_my_account(client, member, teammate, territory, complete_draft):
    client.force_login(member)
    body = html(client.get(reverse("accounts:dashboard")))
    assert "Mes projets de convention" in body
    assert "Convention test CAF–CCAS" in body
    body = html(client.get(reverse("conventions:my_drafts")))
    assert "Convention test CAF–CCAS" in body and "1 projet" in body

    client.force_login(teammate)
    assert "Convention test CAF–CCAS" not in html(client.get(reverse("accounts:dashboard")))
    drafts.share_draft(complete_draft, member, territory)
    body = html(client.get(reverse("accounts:dashboard")))
    assert "Convention test CAF–CCAS" in body
    assert "Partagé par Camille Membre" in body


def test_my_account_empty_state_and_bounded_queries(
    client, django_assert_max_num_queries, complete_draft
):
    from django.test import RequestFactory

    from accounts import dashboard_sections

    client.force_login(UserFactory())
    body = html(client.get(reverse("accounts:dashboard")))
    assert "Aucun projet de convention pour l’instant." in body
    assert "Convention test CAF–CCAS" not in body
    request = RequestFactory().get("/")
    request.user = complete_draft.owner
    # The drafts, plus the team ids and the roles (cached on the user, shared with the page).
    with django_assert_max_num_queries(3):
        section = {k: r for _o, k, r in dashboard_sections._registry}["conventions"](request)
    assert "Convention test CAF–CCAS" in section


def test_my_proposals_are_listed_on_my_projects(client, member, territory):
    clause_library.propose_clause(
        member,
        territory=territory,
        title="Ma proposition",
        section=Section.OBJET,
        text="Texte",
        note="Note",
    )
    client.force_login(member)
    body = html(client.get(reverse("conventions:my_drafts")))
    assert "Mes propositions de clauses" in body
    assert "Ma proposition" in body and "En attente de validation" in body


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


# --- Demo ----------------------------------------------------------------------------------------


def test_demo_is_complete_and_idempotent(category):
    from accounts import demo as accounts_demo
    from library.conventions import demo

    accounts_demo.load()
    result = demo.load()
    assert result["created"] >= 20
    model = ConventionModel.objects.get(slug=demo.MODEL_SLUG)
    sections = list(model.sections.all())
    assert sorted(s.section for s in sections) == sorted(Section.values)
    with_alternatives = [s for s in sections if s.alternatives.count() >= 2]
    assert len(with_alternatives) >= 3
    assert Clause.objects.filter(
        status=Clause.Status.PENDING, territory__slug="fictiville"
    ).exists()
    assert all(
        "fictif" in c.text.lower() or c.section == Section.PARTIES
        for c in Clause.objects.filter(is_demo=True)
    )
    assert Clause.objects.filter(is_demo=True, thread__isnull=False).count() >= 14
    assert demo.load() == {"created": 0}


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
