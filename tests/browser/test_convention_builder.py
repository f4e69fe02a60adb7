"""End to end, in Chromium: a territory member builds a data-sharing convention through every
step of the builder — an incomplete step shows its French error and keeps what was typed —,
picks a clause « proposée par un territoire » (flagged), fills the remaining variables, then
downloads the Word file and finds the filled variables in it. Every builder page is checked
with axe-core (WCAG 2.1 A/AA)."""

import io
import re
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect

from library.conventions.models import Clause, Section
from library.conventions.tests.factories import ClauseFactory, ConventionModelFactory
from tests.browser.conftest import assert_accessible
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PASSWORD = "mot-de-passe-test"  # the factory's default


def log_in(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/compte/login/")
    main = page.locator("main")
    main.get_by_label("E-mail").fill(email)
    main.get_by_role("textbox", name=re.compile(r"^Mot de passe")).fill(PASSWORD)
    main.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("banner").get_by_role("button", name="Se déconnecter")).to_be_visible()


def make_model():
    parties = ClauseFactory(
        slug="parties",
        section=Section.PARTIES,
        text="Entre {{ partenaire_1 }}, représenté par {{ representant_1 }}, et "
        "{{ partenaire_2 }}, représenté par {{ representant_2 }}.",
    )
    objet = ClauseFactory(
        slug="objet", section=Section.OBJET, text="Objet : {{ objet }}, sur {{ territoire }}."
    )
    conservation = ClauseFactory(
        slug="conservation",
        section=Section.DUREE_CONSERVATION,
        text="Conservation : {{ duree_conservation }}.",
    )
    proposed = ClauseFactory(
        slug="conservation-anonymisation",
        section=Section.DUREE_CONSERVATION,
        text="Conservation {{ duree_conservation }} puis anonymisation.",
        status=Clause.Status.PROPOSED,
        title="Conservation puis anonymisation",
    )
    security = ClauseFactory(
        slug="securite", section=Section.SECURITE, text="Mesures : {{ mesures_securite }}."
    )
    return ConventionModelFactory(
        title="Modèle de repérage (test)",
        slug="reperage",
        sections=[
            (Section.PARTIES, parties, []),
            (Section.OBJET, objet, []),
            (Section.DUREE_CONSERVATION, conservation, [proposed]),
            (Section.SECURITE, security, []),
        ],
    )


def submit(page, label="Enregistrer et continuer"):
    page.locator("main form").get_by_role("button", name=label).click()


# --- The steps of the journey --------------------------------------------------------------------


def anonymous_is_asked_to_log_in(page, base):
    page.goto(f"{base}/bibliotheque/conventions/nouveau/")
    expect(page).to_have_url(re.compile(r"/compte/login/\?next="))


def the_clause_library_is_public(page, base):
    page.goto(f"{base}/bibliotheque/clauses/?section=duree-conservation")
    main = page.locator("main")
    expect(main).to_contain_text("2 clauses")
    assert_accessible(page, "clause list")
    main.get_by_role("link", name="Conservation puis anonymisation").click()
    expect(page.locator("main h1")).to_have_text("Conservation puis anonymisation")
    expect(page.locator("main mark").first).to_have_text("{{ duree_conservation }}")
    assert_accessible(page, "clause page")


def open_the_builder_from_the_model_list(page, base):
    page.goto(f"{base}/bibliotheque/conventions/")
    assert_accessible(page, "model list")
    page.locator("main").get_by_role(
        "link", name=re.compile("Construire une convention avec ce modèle")
    ).click()


def step_1_model_and_title(page):
    """The model is pre-selected."""
    main = page.locator("main")
    expect(main.locator("h1")).to_have_text("Construire une convention")
    expect(main.get_by_label("Modèle de repérage (test)")).to_be_checked()
    assert_accessible(page, "step 1")
    main.get_by_label("Titre de votre projet").fill("Convention CAF – CCAS de Fictiville")
    submit(page)


def step_2_partners_incomplete_then_complete(page):
    main = page.locator("main")
    expect(main.locator("h1")).to_have_text("Convention CAF – CCAS de Fictiville")
    main.locator("#id_party_1_name").fill("CAF de Fictiville")
    submit(page)
    main = page.locator("main")
    expect(main.get_by_role("alert")).to_contain_text("Cette étape n’est pas enregistrée")
    expect(main).to_contain_text("Indiquez qui signe pour la partie n° 1.")
    expect(main.locator("#id_party_1_name")).to_have_value("CAF de Fictiville")
    assert_accessible(page, "step 2 with errors")
    main.locator("#id_party_1_representative").fill("Anne Directrice")
    main.locator("#id_party_1_contact").fill("anne.directrice@example.org")
    main.locator("#id_party_2_name").fill("CCAS de Fictiville")
    main.locator("#id_party_2_representative").fill("Paul Président")
    submit(page)


def steps_3_to_7_purpose_data_persons_retention_security(page):
    main = page.locator("main")
    main.get_by_label("Objet de la convention").fill(
        "repérer les allocataires éligibles à la complémentaire santé solidaire"
    )
    assert_accessible(page, "step 3")
    submit(page)
    page.locator("main").get_by_label(re.compile("Catégories de données")).fill(
        "Identité\nAdresse postale"
    )
    submit(page)
    page.locator("main").get_by_label(re.compile("Personnes concernées")).fill(
        "Allocataires du RSA"
    )
    submit(page)
    page.locator("main").get_by_label("Durée de conservation des données").fill("trois mois")
    submit(page)
    submit(page)  # nothing chosen: refused
    expect(page.locator("main").get_by_role("alert")).to_contain_text(
        "Choisissez au moins une mesure de sécurité"
    )
    page.locator("main").get_by_text("Chiffrement des fichiers échangés").click()
    assert_accessible(page, "step 7")
    submit(page)


def step_8_clauses_picks_the_territory_proposal(page):
    """The territory proposal is flagged."""
    main = page.locator("main")
    expect(main).to_contain_text("Proposée par un territoire — non validée par la DGCS")
    main.get_by_text("Conservation puis anonymisation").click()
    assert_accessible(page, "step 8")
    submit(page)


def step_9_remaining_variables_empty_then_filled(page):
    main = page.locator("main")
    expect(main.get_by_label("Territoire concerné")).to_be_visible()
    submit(page, "Enregistrer et voir le récapitulatif")
    main = page.locator("main")
    expect(main).to_contain_text("Renseignez « Territoire concerné »")
    assert_accessible(page, "step 9 with errors")
    main.get_by_label("Territoire concerné").fill("Fictiville-sur-Mer")
    submit(page, "Enregistrer et voir le récapitulatif")


def summary_downloads_the_filled_word_file(page):
    main = page.locator("main")
    expect(main.get_by_role("heading", name="Télécharger la convention")).to_be_visible()
    expect(main).to_contain_text(
        "Document de travail à faire relire par vos services juridiques et votre DPO."
    )
    assert_accessible(page, "summary")
    with page.expect_download() as download_info:
        main.get_by_role("link", name="Télécharger en Word (.docx)").click()
    download = download_info.value
    assert download.suggested_filename == "convention-caf-ccas-de-fictiville.docx"
    document = Document(io.BytesIO(Path(download.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert (
        "Objet : repérer les allocataires éligibles à la complémentaire santé solidaire, sur "
        "Fictiville-sur-Mer." in text
    )
    assert "Conservation trois mois puis anonymisation." in text
    assert "Article 1 – Objet" in text
    assert "{{" not in text


def the_draft_is_listed_on_my_account(page, base):
    page.goto(f"{base}/mon-compte/")
    expect(page.locator("main")).to_contain_text("Convention CAF – CCAS de Fictiville")


# --- The journey ---------------------------------------------------------------------------------


def test_build_a_convention_and_download_it(site, page):
    base = site.url
    make_model()
    member = UserFactory(first_name="Léa", last_name="Martin", email="lea.martin@example.org")
    MembershipFactory(user=member)

    anonymous_is_asked_to_log_in(page, base)
    the_clause_library_is_public(page, base)
    log_in(page, base, member.email)
    open_the_builder_from_the_model_list(page, base)
    step_1_model_and_title(page)
    step_2_partners_incomplete_then_complete(page)
    steps_3_to_7_purpose_data_persons_retention_security(page)
    step_8_clauses_picks_the_territory_proposal(page)
    step_9_remaining_variables_empty_then_filled(page)
    summary_downloads_the_filled_word_file(page)
    the_draft_is_listed_on_my_account(page, base)
