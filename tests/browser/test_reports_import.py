"""End to end, in Chromium: a territory's team uploads its filled collection template with two
bad lines, reads the row-by-row report, fixes the file, uploads it again and confirms; the
review page is checked with axe-core."""

import pytest
from playwright.sync_api import expect

from reports.tests.factories import ReportFactory
from reports.tests.imports_files import line, xlsx_bytes
from tests.browser.conftest import assert_accessible
from tests.browser.test_membership_journey import log_in
from tests.factories import MembershipFactory, TerritoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_upload_fix_and_confirm_a_filled_template(site, page, tmp_path):
    territory = TerritoryFactory(name="Fictiville-Import", slug="fictiville-import")
    member = MembershipFactory(territory=territory).user
    report = ReportFactory(territory=territory, year=2025)
    good = [line("droits-ouverts", 120, source="CAF"), line("montant-droits", "1 234,5")]
    bad_file = tmp_path / "bilan.xlsx"
    bad_file.write_bytes(
        xlsx_bytes([*good, line("personnes-reperees", "beaucoup"), line("inconnu", 3)])
    )
    fixed_file = tmp_path / "bilan-corrige.xlsx"
    fixed_file.write_bytes(xlsx_bytes([*good, line("personnes-reperees", 40)]))

    log_in(page, site.url, member.email)
    page.goto(f"{site.url}/bilans/fictiville-import/2025/importer/")
    expect(page.locator("main h1")).to_have_text("Importer le modèle de collecte")
    page.get_by_label("Modèle de collecte rempli").set_input_files(str(bad_file))
    page.get_by_role("button", name="Lire le fichier").click()

    expect(page.locator("main h1")).to_have_text("Vérifier l’import avant de l’enregistrer")
    main = page.locator("main")
    expect(main).to_contain_text("2 lignes acceptées")
    expect(main).to_contain_text("2 lignes refusées")
    problems = page.get_by_role("table", name="Lignes refusées et points à vérifier")
    expect(problems).to_contain_text("Ligne 4 : « beaucoup » n’est pas un nombre")
    expect(problems).to_contain_text("Ligne 5 : indicateur « inconnu » inconnu du kit")
    assert_accessible(page, "import review")
    assert not report.values.exists()

    page.get_by_role("link", name="Déposer un autre fichier").first.click()
    page.get_by_label("Modèle de collecte rempli").set_input_files(str(fixed_file))
    page.get_by_role("button", name="Lire le fichier").click()
    expect(main).to_contain_text("Aucune ligne refusée")
    page.get_by_role("button", name="Importer les 3 lignes acceptées").click()
    expect(page.locator("main, body").first).to_contain_text("3 valeurs importées dans le bilan")

    saved = {v.indicator.slug: v.value for v in report.values.select_related("indicator")}
    assert saved == {"droits-ouverts": 120, "montant-droits": 1234.5, "personnes-reperees": 40}
