"""End to end, in Chromium: a territory member opens the library, proposes a document (a wrong
file first: French error, typed fields kept), then a facilitator's approval publishes it and the
member downloads it. axe-core on the list, the form (with errors) and the document page."""

import re
import shutil
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from library.models import LibraryDocumentPage
from library.tests.factories import LibraryDocumentFactory
from library.tests.helpers import PNG
from tests.browser.conftest import assert_accessible
from tests.browser.test_event_journey import log_in
from tests.factories import MembershipFactory, TerritoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

TITLE = "Grille d’entretien du bus des droits"


@pytest.fixture
def private_media(settings):
    root = Path(settings.BASE_DIR) / "test-artifacts" / "private-media" / uuid.uuid4().hex
    settings.PRIVATE_MEDIA_ROOT = str(root)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def test_propose_then_download(site, page, private_media, tmp_path):
    from library import demo

    territory = TerritoryFactory(name="Fictiville-Test")
    member = MembershipFactory(territory=territory).user
    LibraryDocumentFactory(title="Guide officiel public")

    log_in(page, site.url, member.email)
    page.goto(f"{site.url}/bibliotheque/")
    expect(page.locator("main h1")).to_have_count(1)
    expect(page.get_by_text("Guide officiel public")).to_be_visible()
    assert_accessible(page, "library list")

    page.get_by_role("link", name="Proposer un document").click()
    form = page.locator("main form")
    form.get_by_label("Titre du document").fill(TITLE)
    form.get_by_label("Résumé").fill("Les questions de nos rendez-vous des droits.")
    form.get_by_label("Type de document").select_option(label="Outil, modèle de document")
    fake = tmp_path / "grille.pdf"
    fake.write_bytes(PNG)
    form.get_by_label("Fichier", exact=True).set_input_files(str(fake))
    form.get_by_role("button", name="Envoyer pour validation").click()
    expect(page.get_by_text(re.compile("ne correspond pas à son extension"))).to_be_visible()
    expect(page.locator("main form").get_by_label("Titre du document")).to_have_value(TITLE)
    assert_accessible(page, "proposal form with errors")

    real = tmp_path / "grille.docx"
    real.write_bytes(demo.make_docx("Grille Fictiville"))
    page.locator("main form").get_by_label("Fichier", exact=True).set_input_files(str(real))
    page.locator("main form").get_by_role("button", name="Envoyer pour validation").click()
    expect(page.get_by_text(re.compile("est transmis à l’équipe d’animation"))).to_be_visible()

    document = LibraryDocumentPage.objects.get(title=TITLE)
    assert not document.live
    document.get_latest_revision().publish()  # the facilitators' approval (tested elsewhere)
    document.refresh_from_db()

    page.goto(f"{site.url}{document.url}")
    expect(page.locator("main h1")).to_have_text(TITLE)
    assert_accessible(page, "document page")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("^Télécharger « ")).click()
    download = download_info.value
    assert download.suggested_filename == "grille.docx"
    assert Path(download.path()).read_bytes()[:2] == b"PK"
