"""The builder, step by step, through the views: each step saves its valid answers, an
incomplete step shows French errors, keeps what was typed and saves nothing."""

import re

import pytest
from django.urls import reverse

from library.conventions.clauses import change_clause_text
from library.conventions.drafts import STEP_SLUGS, create_draft, incomplete_steps, save_answers
from library.conventions.models import ConventionDraft, Section

pytestmark = pytest.mark.django_db


def step_url(draft, step):
    return reverse("conventions:draft_step", kwargs={"pk": draft.pk, "step": step})


def html(response):
    return response.content.decode()


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def draft(member, convention_model):
    return create_draft(member, convention_model, "Mon projet")


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
    index = STEP_SLUGS.index(step)
    assert response["Location"] == step_url(draft, STEP_SLUGS[index + 1])
    response = member_client.post(step_url(draft, step), {field: value, "precedent": "1"})
    assert response["Location"] == step_url(draft, STEP_SLUGS[index - 1])
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
    save_answers(complete_draft, None, answers)
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


def test_summary_offers_export_only_when_complete(member_client, member, complete_draft):
    body = html(member_client.get(complete_draft.get_absolute_url()))
    assert "Télécharger en Word (.docx)" in body
    assert "Document de travail à faire relire par vos services juridiques et votre DPO." in body

    answers = dict(complete_draft.answers)
    answers["variables"] = {"territoire": "Fictiville"}
    save_answers(complete_draft, member, answers)
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
    change_clause_text(clauses["objet"], "Objet révisé : {{ objet }}.")
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
    assert incomplete_steps(draft) == []
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
