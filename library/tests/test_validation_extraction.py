"""Upload validation by content, and text extraction from every format."""

import pytest
from django.core.exceptions import ValidationError

from library.extraction import extract_text
from library.tests.helpers import PNG, plain_zip, raw, upload
from website.uploads import safe_filename, validate_upload


@pytest.mark.parametrize("kind", ["pdf", "docx", "xlsx", "odt", "ods", "csv"])
def test_real_files_are_accepted_and_their_text_extracted(kind):
    file = upload(kind, text="Repérage des bénéficiaires")
    assert validate_upload(file) == kind
    text = extract_text(file, kind)
    assert "Document de démonstration" in text or "Hameau des Essais" in text
    if kind in ("pdf", "docx", "odt"):
        assert "Repérage des bénéficiaires" in text
    if kind in ("xlsx", "ods"):
        assert "CAF" in text or "Personnes repérées" in text


def _error(file):
    with pytest.raises(ValidationError) as info:
        validate_upload(file)
    return " ".join(info.value.messages)


def test_a_png_named_pdf_is_refused():
    message = _error(raw("rapport.pdf", PNG))
    assert "ne correspond pas à son extension" in message and "rapport.pdf" in message


def test_a_zip_named_pdf_or_docx_is_refused():
    assert "ne correspond pas" in _error(raw("note.pdf", plain_zip()))
    assert "ne correspond pas" in _error(raw("note.docx", plain_zip()))
    # A zip with [Content_Types].xml but no word/ part is not a DOCX either.
    assert "ne correspond pas" in _error(raw("note.docx", plain_zip({"[Content_Types].xml": "x"})))


def test_a_pdf_named_docx_says_what_it_really_is():
    message = _error(upload("pdf", name="convention.docx"))
    assert "est du PDF, pas du Word (DOCX)" in message


def test_an_xlsx_named_ods_and_an_odt_named_ods_are_refused():
    assert "ne correspond pas" not in _error(upload("xlsx", name="t.ods"))  # says what it is
    assert "Excel (XLSX)" in _error(upload("xlsx", name="t.ods"))
    assert "OpenDocument texte" in _error(upload("odt", name="t.ods"))


def test_empty_file_refused():
    assert "est vide" in _error(raw("vide.pdf", b""))


def test_oversized_file_refused(settings):
    settings.UPLOAD_MAX_SIZE = 1000
    message = _error(raw("gros.csv", b"a;b\n" * 400))
    assert "taille maximale" in message and "1000" in message.replace("\xa0", "")


def test_csv_with_nul_bytes_refused():
    assert "n’est pas un fichier CSV lisible" in _error(raw("liste.csv", b"a;b\n\x00\x01;2\n"))


def test_unknown_extension_refused():
    assert "ne sont pas acceptés" in _error(raw("script.exe", b"MZ\x90\x00"))
    assert "pas d’extension" in _error(raw("sansnom", b"%PDF-1.4"))


def test_safe_filename():
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename('Évaluation "finale" 2025.PDF') == "Evaluation-finale-2025.pdf"
    assert safe_filename("") == "document"


def test_extraction_of_a_damaged_file_gives_empty_text():
    assert extract_text(raw("x.pdf", b"%PDF-1.4 garbage"), "pdf") == ""
