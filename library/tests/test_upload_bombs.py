"""Decompression bombs (issue 18, finding 2): a DOCX, XLSX, ODT, ODS whose XML inflates to
384 MiB, a PDF whose content stream does, a PDF of a million pages. Each is refused at upload
with a French message, its extraction (a file stored before the limits) stays bounded, and the
peak memory of either call stays under 300 MB."""

import contextlib
import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from library.extraction import extract_text
from library.models import DocumentVersion, LibraryDocumentPage
from library.tests import bombs
from library.tests.factories import LibraryDocumentFactory
from library.tests.helpers import upload
from website.uploads import validate_upload

MAX_PEAK = 300 * 1024 * 1024
DECOMPRESSES = "Ce fichier se décompresse en plus de 50 Mo : il ne peut pas être accepté."
BOMBS = {
    "docx": (bombs.docx_bomb, "docx", DECOMPRESSES),
    "xlsx": (bombs.xlsx_bomb, "xlsx", DECOMPRESSES),
    "odt": (lambda: bombs.opendocument_bomb("odt"), "odt", DECOMPRESSES),
    "ods": (lambda: bombs.opendocument_bomb("ods"), "ods", DECOMPRESSES),
    "pdf-stream": (bombs.pdf_stream_bomb, "pdf", DECOMPRESSES),
    "pdf-pages": (bombs.pdf_pages_bomb, "pdf", "Ce PDF compte plus de 2 000 pages : il ne peut"),
}


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ").replace("&#x27;", "’")


def _vm_hwm() -> int | None:
    """The process's peak resident memory (bytes), reset first: None where Linux can't."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


@contextlib.contextmanager
def peak_memory():
    """Peak of the Python allocations (tracemalloc) and, on Linux, growth of the peak RSS."""
    measure = {}
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # resets VmHWM to the current RSS
        rss_before = _vm_hwm()
    except OSError:
        rss_before = None
    tracemalloc.start()
    started = time.monotonic()
    try:
        yield measure
    finally:
        measure["traced"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        measure["seconds"] = time.monotonic() - started
        rss_after = _vm_hwm()
        measure["rss"] = rss_after - rss_before if rss_before and rss_after else 0


def _bomb(name):
    make, kind, message = BOMBS[name]
    return SimpleUploadedFile(f"bombe.{kind}", make()), kind, message


@pytest.mark.parametrize("name", list(BOMBS))
def test_a_bomb_is_refused_at_upload_with_bounded_memory(name):
    file, _kind, message = _bomb(name)
    with peak_memory() as measure, pytest.raises(ValidationError) as info:
        validate_upload(file)
    assert message in _plain(" ".join(info.value.messages))
    assert measure["traced"] < MAX_PEAK, measure
    assert measure["rss"] < MAX_PEAK, measure
    assert measure["seconds"] < 15, measure


@pytest.mark.parametrize("name", list(BOMBS))
def test_extracting_a_stored_bomb_stays_bounded(name):
    file, kind, _message = _bomb(name)
    with peak_memory() as measure:
        text = extract_text(file, kind)
    assert len(text) < 1000  # nothing but the few words before the bomb, if any
    assert measure["traced"] < MAX_PEAK, measure
    assert measure["rss"] < MAX_PEAK, measure
    assert measure["seconds"] < 15, measure


def _proposal(world_territory, file):
    from taxonomy.models import DocumentKind

    return {
        "title": "Grille piégée",
        "summary": "Un résumé tapé avec soin.",
        "kind": DocumentKind.objects.get(slug="outil").pk,
        "territory": world_territory.pk,
        "access": "members",
        "published_on": "2025-02-01",
        "version_label": "v1",
        "notes": "Mes notes de version",
        "file": file,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["docx", "xlsx", "ods", "pdf-stream"])
def test_the_proposal_form_refuses_a_bomb_and_keeps_what_was_typed(client, name):
    from tests.factories import MembershipFactory, TerritoryFactory

    territory = TerritoryFactory(name="Aville")
    client.force_login(MembershipFactory(territory=territory).user)
    file, _kind, message = _bomb(name)
    response = client.post("/bibliotheque/proposer/", _proposal(territory, file))
    content = _plain(response.content.decode())
    assert response.status_code == 400
    assert message in content
    assert 'value="Grille piégée"' in content and "Un résumé tapé avec soin." in content
    assert "Mes notes de version" in content
    assert not LibraryDocumentPage.objects.filter(title="Grille piégée").exists()
    assert DocumentVersion.objects.count() == 0


@pytest.mark.django_db
def test_the_new_version_form_refuses_a_bomb(client):
    from accounts import roles
    from tests.factories import UserFactory

    document = LibraryDocumentFactory(title="Guide")
    client.force_login(UserFactory(roles=[roles.FACILITATOR]))
    file, _kind, message = _bomb("odt")
    response = client.post(
        document.url + "nouvelle-version/",
        {"published_on": "2025-03-01", "file": file, "notes": "Ma note"},
    )
    content = _plain(response.content.decode())
    assert response.status_code == 400
    assert message in content and "Ma note" in content
    assert document.versions.count() == 1


def _zip_file(name, members) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members:
            archive.writestr(member, data)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_an_archive_of_too_many_members_is_refused_before_reading_them():
    members = [("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w/>")]
    members += [(f"word/media/{number}.bin", b"") for number in range(10_001)]
    with pytest.raises(ValidationError) as info:
        validate_upload(_zip_file("liste.docx", members))
    assert "plus de 10 000 éléments internes" in _plain(" ".join(info.value.messages))


def test_an_abnormally_compressed_member_is_refused():
    members = [("[Content_Types].xml", "<Types/>"), ("word/document.xml", b" " * (11 << 20))]
    with pytest.raises(ValidationError) as info:
        validate_upload(_zip_file("note.docx", members))
    assert "anormalement compressé" in " ".join(info.value.messages)


@pytest.mark.parametrize("kind", ["pdf", "docx", "xlsx", "odt", "ods"])
def test_real_files_still_pass_the_guard(kind):
    file = upload(kind, text="Repérage des bénéficiaires")
    assert validate_upload(file) == kind
    assert "Document de démonstration" in extract_text(file, kind)
