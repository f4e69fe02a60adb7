"""Public pages of the clause library and the models, the forum thread of a clause, « Mon compte »
and the demo. Proposals: test_library_proposals.py; the Wagtail admin: test_library_admin.py."""

import re

import pytest
from django.urls import reverse

from forum.models import Thread
from library.conventions import clauses as clause_library
from library.conventions import drafts
from library.conventions.models import Clause, ConventionModel, Section
from library.conventions.tests.factories import ClauseFactory
from library.conventions.tests.helpers import html
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


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
