"""The builder's steps after the partners: purpose, data, persons, retention, security, clauses,
remaining variables (each saves its valid answers; an incomplete one shows French errors, keeps
what was typed and saves nothing)."""

import re

import pytest

from library.conventions import drafts
from library.conventions.models import Section
from library.conventions.tests.helpers import html, step_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("step", "field", "value", "key", "expected", "error"),
    [
        (
            "objet",
            "purpose",
            "repérer les allocataires éligibles",
            "purpose",
            "repérer les allocataires éligibles",
            "Décrivez l’objet de la convention.",
        ),
        (
            "donnees",
            "items",
            "Identité\n- Adresse\n\n",
            "data_categories",
            ["Identité", "Adresse"],
            "Indiquez au moins une catégorie de données échangées.",
        ),
        (
            "personnes",
            "items",
            "Allocataires du RSA",
            "persons",
            ["Allocataires du RSA"],
            "Indiquez au moins une catégorie de personnes concernées.",
        ),
        (
            "conservation",
            "retention",
            "trois mois",
            "retention",
            "trois mois",
            "Indiquez la durée de conservation.",
        ),
    ],
)
def test_simple_steps(member_client, draft, step, field, value, key, expected, error):
    response = member_client.post(step_url(draft, step), {field: ""})
    assert response.status_code == 400
    assert error in html(response)
    draft.refresh_from_db()
    assert key not in draft.answers

    response = member_client.post(step_url(draft, step), {field: value})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.answers[key] == expected
    # The next step, or the previous one when asked.
    index = drafts.STEP_SLUGS.index(step)
    assert response["Location"] == step_url(draft, drafts.STEP_SLUGS[index + 1])
    response = member_client.post(step_url(draft, step), {field: value, "precedent": "1"})
    assert response["Location"] == step_url(draft, drafts.STEP_SLUGS[index - 1])
    # Going back shows what was saved.
    response = member_client.get(step_url(draft, step))
    assert (expected if isinstance(expected, str) else expected[0]) in html(response)


def test_step_purpose_too_short(member_client, draft):
    response = member_client.post(step_url(draft, "objet"), {"purpose": "trop court"})
    assert "15 caractères au moins" in html(response)


def test_step_security(member_client, draft):
    response = member_client.post(step_url(draft, "securite"), {"other": "  "})
    assert response.status_code == 400
    assert "Choisissez au moins une mesure de sécurité" in html(response)
    response = member_client.post(
        step_url(draft, "securite"),
        {
            "measures": ["chiffrement", "journalisation"],
            "other": "Coffre-fort numérique",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.answers["security"] == [
        "Chiffrement des fichiers échangés",
        "Journalisation des accès aux données",
        "Coffre-fort numérique",
    ]
    body = html(member_client.get(step_url(draft, "securite")))
    assert "Coffre-fort numérique" in body
    assert re.search(r'value="chiffrement"[^>]*checked', body)
    assert not re.search(r'value="habilitations"[^>]*checked', body)


def test_step_clauses_flags_proposed_and_hides_pending_and_withdrawn(member_client, draft, clauses):
    body = html(member_client.get(step_url(draft, "clauses")))
    assert "Conservation puis anonymisation" in body
    assert "Proposée par un territoire — non validée par la DGCS" in body
    assert "Conservation ancienne" not in body
    assert "Conservation en attente" not in body


def test_step_clauses_valid_and_invalid(member_client, draft, clauses):
    data = {
        f"section_{Section.PARTIES}": clauses["parties"].pk,
        f"section_{Section.OBJET}": clauses["objet"].pk,
        f"section_{Section.DUREE_CONSERVATION}": clauses["conservation-en-attente"].pk,
    }
    response = member_client.post(step_url(draft, "clauses"), data)
    assert response.status_code == 400
    body = html(response)
    assert "Cette clause n’est pas disponible pour la section « Durée de conservation »." in body
    assert "Choisissez une clause pour la section « Sécurité »." in body
    draft.refresh_from_db()
    assert "clauses" not in draft.answers

    data[f"section_{Section.DUREE_CONSERVATION}"] = clauses["conservation-proposee"].pk
    data[f"section_{Section.SECURITE}"] = clauses["securite"].pk
    response = member_client.post(step_url(draft, "clauses"), data)
    assert response["Location"] == step_url(draft, "variables")
    draft.refresh_from_db()
    assert draft.answers["clauses"][Section.DUREE_CONSERVATION] == {
        "clause": clauses["conservation-proposee"].pk,
        "version": 1,
    }


def test_step_variables_asks_only_the_remaining_ones(member_client, complete_draft):
    answers = dict(complete_draft.answers)
    answers["variables"] = {}
    drafts.save_answers(complete_draft, None, answers)
    body = html(member_client.get(step_url(complete_draft, "variables")))
    assert 'name="var_territoire"' in body
    assert 'name="var_duree_convention"' in body
    assert 'name="var_objet"' not in body  # filled by the « Objet » step

    response = member_client.post(
        step_url(complete_draft, "variables"),
        {
            "var_territoire": "Fictiville",
            "var_duree_convention": "   ",
        },
    )
    assert response.status_code == 400
    body = html(response)
    assert "Renseignez « Durée de la convention »" in body
    assert 'value="Fictiville"' in body
    complete_draft.refresh_from_db()
    assert complete_draft.answers["variables"] == {}

    response = member_client.post(
        step_url(complete_draft, "variables"),
        {
            "var_territoire": "Fictiville",
            "var_duree_convention": "deux ans",
        },
    )
    assert response["Location"] == complete_draft.get_absolute_url()
    complete_draft.refresh_from_db()
    assert complete_draft.answers["variables"] == {
        "territoire": "Fictiville",
        "duree_convention": "deux ans",
    }
