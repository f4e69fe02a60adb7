"""The builder's summary (export only when complete, new clause versions, withdrawn clauses), the
whole journey through every step, unknown steps."""

import pytest
from django.urls import reverse

from library.conventions import clauses as clause_library
from library.conventions import drafts
from library.conventions.models import ConventionDraft, Section
from library.conventions.tests.helpers import html, step_url

pytestmark = pytest.mark.django_db


def test_summary_offers_export_only_when_complete(member_client, member, complete_draft):
    body = html(member_client.get(complete_draft.get_absolute_url()))
    assert "Télécharger en Word (.docx)" in body
    assert "Document de travail à faire relire par vos services juridiques et votre DPO." in body

    answers = dict(complete_draft.answers)
    answers["variables"] = {"territoire": "Fictiville"}
    drafts.save_answers(complete_draft, member, answers)
    body = html(member_client.get(complete_draft.get_absolute_url()))
    assert "Télécharger en Word (.docx)" not in body
    assert "Variables à renseigner : Durée de la convention." in body
    response = member_client.get(
        reverse("conventions:draft_export", args=[complete_draft.pk, "docx"])
    )
    assert response["Location"] == step_url(complete_draft, "variables")
    response = member_client.get(response["Location"])
    assert "Des variables ne sont pas renseignées : « Durée de la convention »" in html(response)


def test_summary_shows_new_version_and_updates(member_client, complete_draft, clauses):
    clause_library.change_clause_text(clauses["objet"], "Objet révisé : {{ objet }}.")
    body = html(member_client.get(complete_draft.get_absolute_url()))
    assert "Nouvelle version disponible" in body
    assert "version 1 → version 2" in body
    response = member_client.post(
        reverse("conventions:draft_update_versions", args=[complete_draft.pk])
    )
    assert response["Location"] == complete_draft.get_absolute_url()
    body = html(member_client.get(complete_draft.get_absolute_url()))
    assert "Nouvelle version disponible" not in body
    complete_draft.refresh_from_db()
    assert complete_draft.answers["clauses"][Section.OBJET]["version"] == 2


def test_withdrawn_clause_is_kept_and_warned(member_client, complete_draft, clauses):
    from library.conventions.models import Clause

    Clause.objects.filter(pk=clauses["conservation"].pk).update(status=Clause.Status.WITHDRAWN)
    body = html(member_client.get(complete_draft.get_absolute_url()))
    assert "Clause retirée du clausier" in body
    body = html(member_client.get(step_url(complete_draft, "clauses")))
    assert "Retirée du clausier — choisissez-en une autre" in body
    # Still exportable as it stands.
    response = member_client.get(
        reverse("conventions:draft_export", args=[complete_draft.pk, "docx"])
    )
    assert response.status_code == 200


def test_full_journey_through_every_step(member_client, member, convention_model, clauses):
    response = member_client.post(
        reverse("conventions:builder_start"),
        {
            "convention_model": convention_model.pk,
            "title": "Parcours complet",
        },
    )
    draft = ConventionDraft.objects.get(title="Parcours complet")
    posts = [
        (
            "partenaires",
            {
                "rows": "4",
                "party_1_name": "CAF",
                "party_1_representative": "Anne",
                "party_2_name": "CCAS",
                "party_2_representative": "Paul",
            },
        ),
        ("objet", {"purpose": "repérer les personnes éligibles au RSA"}),
        ("donnees", {"items": "Identité"}),
        ("personnes", {"items": "Allocataires"}),
        ("conservation", {"retention": "six mois"}),
        ("securite", {"measures": ["chiffrement"]}),
        (
            "clauses",
            {
                f"section_{s}": clauses[k].pk
                for s, k in [
                    (Section.PARTIES, "parties"),
                    (Section.OBJET, "objet"),
                    (Section.DUREE_CONSERVATION, "conservation"),
                    (Section.SECURITE, "securite"),
                ]
            },
        ),
        ("variables", {"var_territoire": "Fictiville", "var_duree_convention": "un an"}),
    ]
    for step, data in posts:
        response = member_client.post(step_url(draft, step), data)
        assert response.status_code == 302, (step, html(response))
    draft.refresh_from_db()
    assert drafts.incomplete_steps(draft) == []
    response = member_client.get(reverse("conventions:draft_export", args=[draft.pk, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="parcours-complet.pdf"'


def test_unknown_step_and_extension_are_404(member_client, complete_draft):
    assert member_client.get(step_url(complete_draft, "inconnue")).status_code == 404
    assert (
        member_client.get(
            reverse("conventions:draft_export", args=[complete_draft.pk, "exe"])
        ).status_code
        == 404
    )
