"""Issue 21's journey end to end, in Chromium, one person after the other: the team starts its
2025 report, downloads its pre-filled collection template, uploads it filled with two bad lines,
fixes them, confirms and sends; the référent validates; the commissioner compares the
territories of their region and exports the CSV; the DGCS sees the completeness table move."""

import csv
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from accounts import roles
from accounts.models import Membership, Region
from reports.models import Report
from reports.tests.factories import ReportFactory, ReportingCampaignFactory
from tests.browser.conftest import assert_accessible
from tests.browser.test_membership_journey import log_in as log_in_with_password
from tests.factories import MembershipFactory, TerritoryFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def log_in(page, base_url: str, email: str) -> None:
    """The next person, on the same page: the previous one's session is dropped first."""
    page.context.clear_cookies()
    log_in_with_password(page, base_url, email)


def fill_template(source, target, values: dict) -> None:
    """The downloaded template with ``values`` ({indicator slug: typed value}) in « Valeur »."""
    workbook = openpyxl.load_workbook(source)
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    slug_column, value_column = headers.index("Identifiant"), headers.index("Valeur")
    period_column = headers.index("Période")
    for row in sheet.iter_rows(min_row=2):
        slug, period = row[slug_column].value, row[period_column].value
        if slug in values and period in (None, "", "Année"):
            row[value_column].value = values[slug]
    workbook.save(target)


def people():
    ReportingCampaignFactory(year=2025)
    north = Region.objects.get(code="32")
    territory = TerritoryFactory(
        name="Parcours-sur-Mer", slug="parcours-sur-mer", region=north, population=40_000
    )
    other = TerritoryFactory(name="Autre-Ville", region=Region.objects.get(code="84"))
    ReportFactory(territory=other, status=Report.Status.VALIDATED, values={"droits-ouverts": 9})
    commissioner = UserFactory(roles=[roles.COMMISSIONER])
    commissioner.regions.add(north)
    return {
        "territory": territory,
        "member": MembershipFactory(territory=territory).user,
        "referent": MembershipFactory(territory=territory, role=Membership.Role.REFERENT).user,
        "commissioner": commissioner,
        "dgcs": UserFactory(roles=[roles.DGCS_ADMIN]),
    }


def team_uploads_fixes_and_sends(page, base_url, member, tmp_path):
    log_in(page, base_url, member.email)
    page.goto(f"{base_url}/bilans/")
    page.get_by_role("button", name=re.compile("Commencer le bilan 2025")).click()
    expect(page.locator("main h1")).to_contain_text("Saisir le bilan 2025")
    page.goto(f"{base_url}/bilans/parcours-sur-mer/2025/")
    page.get_by_role("link", name="Importer le modèle de collecte rempli").click()
    with page.expect_download() as download:
        page.get_by_role(
            "link", name=re.compile("Modèle de collecte 2025 pré-rempli")
        ).first.click()
    template = tmp_path / "modele.xlsx"
    download.value.save_as(template)
    bad, fixed = tmp_path / "rempli.xlsx", tmp_path / "corrige.xlsx"
    typed = {"droits-ouverts": 120, "personnes-accompagnees": 150}
    fill_template(
        template, bad, {**typed, "personnes-reperees": "beaucoup", "taux-droits-ouverts": 140}
    )
    fill_template(template, fixed, {**typed, "personnes-reperees": 400, "taux-droits-ouverts": 64})

    page.get_by_label("Modèle de collecte rempli").set_input_files(str(bad))
    page.get_by_role("button", name="Lire le fichier").click()
    main = page.locator("main")
    expect(main).to_contain_text("2 lignes refusées")
    expect(main).to_contain_text("« beaucoup » n’est pas un nombre")
    expect(main).to_contain_text("un taux est un pourcentage entre 0 et 100")
    page.get_by_role("link", name="Déposer un autre fichier").first.click()
    page.get_by_label("Modèle de collecte rempli").set_input_files(str(fixed))
    page.get_by_role("button", name="Lire le fichier").click()
    expect(main).to_contain_text("Aucune ligne refusée")
    page.get_by_role("button", name="Importer les 4 lignes acceptées").click()
    expect(main).to_contain_text("4 valeurs importées dans le bilan")
    page.get_by_role("button", name="Envoyer pour validation").first.click()
    page.get_by_role("button", name="Oui, envoyer pour validation").click()
    expect(main).to_contain_text("Bilan envoyé aux référents du territoire")


def test_report_journey_from_the_team_to_the_dgcs(site, page, browser, tmp_path):
    world = people()
    dgcs_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    try:
        dgcs = dgcs_context.new_page()
        log_in(dgcs, site.url, world["dgcs"].email)
        dgcs.goto(f"{site.url}/bilans/tableau-de-bord/?annee=2025")
        row = dgcs.get_by_role("row").filter(
            has=dgcs.get_by_role("rowheader", name="Parcours-sur-Mer")
        )
        expect(row).to_contain_text("Rien de saisi")
        counter = dgcs.locator('[data-compteur="2025"]')
        expect(counter).to_have_text("1 validé sur 2")

        team_uploads_fixes_and_sends(page, site.url, world["member"], tmp_path)

        log_in(page, site.url, world["referent"].email)
        page.goto(f"{site.url}/bilans/")
        page.get_by_role("link", name=re.compile("Relire et valider")).click()
        expect(page.locator("main")).to_contain_text("120\u00a0droits")
        page.get_by_role("button", name="Valider le bilan").click()
        expect(page.locator("main")).to_contain_text("Bilan validé le")

        log_in(page, site.url, world["commissioner"].email)
        page.goto(f"{site.url}/bilans/comparer/")
        main = page.locator("main")
        expect(main).to_contain_text("Hauts-de-France")
        main.get_by_label("Indicateur").select_option("droits-ouverts")
        main.get_by_role("button", name="Comparer").click()
        table = main.get_by_role("table").first
        expect(table).to_contain_text("Parcours-sur-Mer")
        expect(table).not_to_contain_text("Autre-Ville")  # not in the regions they follow
        assert_accessible(page, "comparison of the commissioner's region")
        with page.expect_download() as download:
            main.get_by_role("link", name="Télécharger en CSV").click()
        with open(download.value.path(), encoding="utf-8-sig") as handle:
            lines = list(csv.DictReader(handle, delimiter=";"))
        ours = [line for line in lines if line["Territoire"] == "Parcours-sur-Mer"]
        assert [(line["Valeur déclarée"], line["Statut"]) for line in ours][-1] == ("120", "validé")
        assert ours[-1]["Date de validation"] and ours[-1]["Période"]

        dgcs.reload()
        expect(row).to_contain_text(re.compile(r"Validé le \d"))
        expect(counter).to_have_text("2 validés sur 2")
        assert_accessible(dgcs, "dashboard after the validation")
    finally:
        dgcs_context.close()
