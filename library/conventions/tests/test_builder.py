"""The builder, step by step, through the views: each step saves its valid answers, an
incomplete step shows French errors, keeps what was typed and saves nothing. Here: logging in,
the model step and the partners step; the other steps: test_builder_steps.py; the summary and
the whole journey: test_builder_summary.py."""

import re

import pytest
from django.urls import reverse

from library.conventions.models import ConventionDraft
from library.conventions.tests.helpers import html, step_url

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client, convention_model, complete_draft):
    for url in (
        reverse("conventions:builder_start"),
        reverse("conventions:my_drafts"),
        step_url(complete_draft, "objet"),
        complete_draft.get_absolute_url(),
        reverse("conventions:draft_export", args=[complete_draft.pk, "docx"]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/compte/login/?next=")


def test_step_model_creates_the_draft(member_client, member, convention_model):
    response = member_client.get(reverse("conventions:builder_start") + "?modele=modele-test")
    assert response.status_code == 200
    assert re.search(rf'value="{convention_model.pk}"[^>]*checked', html(response))
    response = member_client.post(
        reverse("conventions:builder_start"),
        {"convention_model": convention_model.pk, "title": "Convention CAF 2026"},
    )
    draft = ConventionDraft.objects.get(owner=member)
    assert draft.title == "Convention CAF 2026"
    assert response["Location"] == step_url(draft, "partenaires")


def test_step_model_invalid_creates_nothing(member_client, member, convention_model):
    response = member_client.post(reverse("conventions:builder_start"), {"title": "Gardé"})
    assert response.status_code == 400
    body = html(response)
    assert "Choisissez un modèle de convention." in body
    assert 'value="Gardé"' in body
    assert not ConventionDraft.objects.exists()


def test_step_partners_valid(member_client, draft):
    response = member_client.post(
        step_url(draft, "partenaires"),
        {
            "rows": "4",
            "party_1_name": "CAF de Fictiville",
            "party_1_representative": "Anne Directrice",
            "party_1_role": "directrice",
            "party_1_contact": "anne@example.org",
            "party_2_name": "CCAS de Fictiville",
            "party_2_representative": "Paul Président",
        },
    )
    assert response["Location"] == step_url(draft, "objet")
    draft.refresh_from_db()
    assert draft.answers["parties"][0] == {
        "name": "CAF de Fictiville",
        "representative": "Anne Directrice",
        "role": "directrice",
        "contact": "anne@example.org",
    }
    assert len(draft.answers["parties"]) == 2


def test_step_partners_invalid_keeps_input_and_saves_nothing(member_client, draft):
    response = member_client.post(
        step_url(draft, "partenaires"),
        {
            "rows": "4",
            "party_1_name": "CAF de Fictiville",
            "party_1_representative": "",
        },
    )
    assert response.status_code == 400
    body = html(response)
    assert "Indiquez qui signe pour la partie n° 1." in body
    assert 'value="CAF de Fictiville"' in body
    assert "Cette étape n’est pas enregistrée" in body
    draft.refresh_from_db()
    assert "parties" not in draft.answers

    response = member_client.post(
        step_url(draft, "partenaires"),
        {
            "rows": "4",
            "party_1_name": "CAF",
            "party_1_representative": "Anne",
        },
    )
    assert "Indiquez le nom de la partie n° 2." in html(response)
    draft.refresh_from_db()
    assert "parties" not in draft.answers


def test_step_partners_add_a_row_without_saving(member_client, draft):
    response = member_client.post(
        step_url(draft, "partenaires"),
        {
            "rows": "4",
            "ajouter": "1",
            "party_1_name": "CAF",
        },
    )
    assert response.status_code == 200
    body = html(response)
    assert 'name="party_5_name"' in body
    assert 'value="CAF"' in body
    assert "Cette étape n’est pas enregistrée" not in body
    draft.refresh_from_db()
    assert draft.answers == {}


def test_step_model_renames_an_existing_draft_but_keeps_its_model(
    member_client, draft, convention_model
):
    other = type(convention_model).objects.create(title="Autre modèle", slug="autre")
    response = member_client.post(
        step_url(draft, "modele"),
        {
            "convention_model": other.pk,
            "title": "Nouveau titre",
        },
    )
    assert response["Location"] == step_url(draft, "partenaires")
    draft.refresh_from_db()
    assert draft.title == "Nouveau titre"
    assert draft.convention_model == convention_model


def test_garbage_row_count_does_not_break_the_partners_step(member_client, draft):
    response = member_client.post(step_url(draft, "partenaires"), {"rows": "beaucoup"})
    assert response.status_code == 400
    assert "Indiquez le nom de la partie n° 1." in html(response)
