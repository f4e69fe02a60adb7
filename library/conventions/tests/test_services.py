"""Variables, assembly of the document, versions and regeneration."""

import pytest

from library.conventions import services
from library.conventions.clauses import change_clause_text, record_version
from library.conventions.document import build_document
from library.conventions.drafts import (
    chosen_clauses,
    create_draft,
    missing_variables,
    save_answers,
    section_options,
    step_is_complete,
    update_to_latest,
)
from library.conventions.models import ClauseVersion, Section

pytestmark = pytest.mark.django_db


def test_fill_replaces_every_variable_and_never_outputs_braces():
    text = "Entre {{ partenaire_1 }} et {{partenaire_2}} pour {{ objet }}."
    values = {"partenaire_1": "CAF", "partenaire_2": "CCAS {{ piège }}", "objet": "repérer"}
    values["partenaire_2"] = services.clean_value(values["partenaire_2"])
    assert services.fill(text, values) == "Entre CAF et CCAS  piège  pour repérer."


def test_fill_names_the_missing_variables_in_french():
    with pytest.raises(services.MissingVariables) as error:
        services.fill("Durée : {{ duree_convention }}, préavis {{ preavis_resiliation }}.", {})
    assert error.value.names == ["duree_convention", "preavis_resiliation"]
    message = str(error.value)
    assert "« Durée de la convention »" in message
    assert "« Préavis de résiliation »" in message


def test_computed_values_come_from_the_first_steps():
    from library.conventions.tests.conftest import COMPLETE_ANSWERS

    values = services.computed_values(COMPLETE_ANSWERS)
    assert values["partenaire_1"] == "CAF de Fictiville"
    assert values["representant_2"] == "Paul Président"
    assert values["liste_partenaires"] == "CAF de Fictiville et CCAS de Fictiville"
    assert values["categories_donnees"] == "Identité; Adresse postale"
    assert values["duree_conservation"] == "trois mois"


def test_build_document_fills_variables_and_numbers_articles(complete_draft):
    document = build_document(complete_draft)
    assert document.preamble == [
        "Entre CAF de Fictiville, représenté par Anne Directrice, et CCAS de Fictiville, "
        "représenté par Paul Président."
    ]
    assert [(a.number, a.title) for a in document.articles] == [
        (1, "Objet"),
        (2, "Durée de conservation"),
        (3, "Sécurité"),
    ]
    assert document.articles[0].paragraphs == [
        "La convention a pour objet : repérer les allocataires éligibles à la complémentaire "
        "santé solidaire.",
        "Elle porte sur Fictiville-sur-Test.",
    ]
    # A demo clause was chosen: the demo notice comes first, the working-document one always.
    assert document.is_demo
    assert "avis juridique" in document.notices[0]
    assert "DPO" in document.notices[-1]


def test_missing_variable_blocks_the_document(complete_draft, member):
    answers = dict(complete_draft.answers)
    answers["variables"] = {"territoire": "Fictiville-sur-Test", "duree_convention": "  "}
    draft = save_answers(complete_draft, member, answers)
    assert missing_variables(draft) == ["duree_convention"]
    assert not step_is_complete(draft, "variables")
    with pytest.raises(services.MissingVariables) as error:
        build_document(draft)
    assert error.value.names == ["duree_convention"]


def test_incomplete_draft_is_refused_with_the_step_to_finish(member, convention_model):
    draft = create_draft(member, convention_model, "Brouillon")
    with pytest.raises(services.ConventionError) as error:
        build_document(draft)
    assert "Partenaires et signataires" in str(error.value)


def test_new_version_keeps_old_drafts_until_updated(complete_draft, member, clauses):
    objet = clauses["objet"]
    change_clause_text(
        objet, "Nouvel objet : {{ objet }}, pour une durée de {{ duree_initiale }}.", None
    )
    assert ClauseVersion.objects.filter(clause=objet).count() == 2

    # The draft still produces the version it was built with…
    chosen = {c.clause.pk: c for c in chosen_clauses(complete_draft)}
    assert chosen[objet.pk].version.number == 1
    assert chosen[objet.pk].outdated
    document = build_document(complete_draft)
    assert document.articles[0].paragraphs[0].startswith("La convention a pour objet")

    # …until it is updated: the new variable must then be filled.
    assert update_to_latest(complete_draft, member) == [Section.OBJET]
    complete_draft.refresh_from_db()
    assert missing_variables(complete_draft) == ["duree_initiale"]
    answers = dict(complete_draft.answers)
    answers["variables"] = {**answers["variables"], "duree_initiale": "un an"}
    draft = save_answers(complete_draft, member, answers)
    document = build_document(draft)
    assert document.articles[0].paragraphs[0] == (
        "Nouvel objet : repérer les allocataires éligibles à la complémentaire santé "
        "solidaire, pour une durée de un an."
    )
    assert not any(c.outdated for c in chosen_clauses(draft))


def test_same_text_does_not_create_a_version(clauses):
    clause = clauses["objet"]
    record_version(clause)
    record_version(clause)
    assert clause.versions.count() == 1


def test_section_options_hide_pending_and_withdrawn_but_keep_the_chosen_one(
    convention_model, clauses
):
    section = convention_model.sections.get(section=Section.DUREE_CONSERVATION)
    titles = [c.slug for c in section_options(section)]
    assert titles == ["conservation-std", "conservation-proposee"]
    kept = [c.slug for c in section_options(section, clauses["conservation-retiree"].pk)]
    assert "conservation-retiree" in kept
    assert "conservation-en-attente" not in kept
