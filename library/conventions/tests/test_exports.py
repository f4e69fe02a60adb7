"""The DOCX opened with python-docx, the PDF read with pypdf."""

import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from library.conventions.document import build_document
from library.conventions.drafts import save_answers
from library.conventions.exports import pdf, word

pytestmark = pytest.mark.django_db


def docx_text(content: bytes) -> tuple[list[str], list, str]:
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    footer = " ".join(p.text for s in document.sections for p in s.footer.paragraphs)
    return paragraphs, document.tables, footer


def test_docx_has_title_page_articles_signatures_and_annexes(complete_draft):
    paragraphs, tables, footer = docx_text(word.to_docx(build_document(complete_draft)))
    text = "\n".join(paragraphs)
    # Title page.
    assert paragraphs[0] == "Convention de partage de données"
    assert "Convention test CAF–CCAS" in paragraphs
    assert any(
        p.startswith("Avertissement : Les textes de ce modèle sont une rédaction fictive")
        for p in paragraphs
    )
    assert (
        "Avertissement : Document de travail à faire relire par vos services juridiques et "
        "votre DPO."
    ) in paragraphs
    assert "DPO" in footer
    # Filled variables, no placeholder left.
    assert "Elle porte sur Fictiville-sur-Test." in paragraphs
    assert "Les données sont conservées trois mois." in paragraphs
    assert "{{" not in text and "}}" not in text
    # Numbered articles.
    assert "Article 1 – Objet" in paragraphs
    assert "Article 2 – Durée de conservation" in paragraphs
    assert "Article 3 – Sécurité" in paragraphs
    # Signature block: one cell per party.
    signatures = tables[0]
    assert len(signatures.columns) == 2
    first = signatures.rows[0].cells[0].text
    assert "Pour CAF de Fictiville" in first
    assert "Anne Directrice" in first
    assert "Date :" in first and "Signature :" in first
    assert "Pour CCAS de Fictiville" in signatures.rows[0].cells[1].text
    # Annexes.
    assert "Annexe 1 – Liste des données échangées" in paragraphs
    assert "Identité" in paragraphs and "Allocataires du RSA" in paragraphs
    assert "Annexe 2 – Liste de contrôle de la sécurité" in paragraphs
    assert "☐ Chiffrement des fichiers échangés" in paragraphs
    assert "Annexe 3 – Contacts" in paragraphs
    contacts = tables[1]
    assert contacts.rows[1].cells[2].text == "contact@caf.example.org"
    assert contacts.rows[2].cells[2].text == "À compléter"


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_has_the_same_parts(complete_draft):
    content = pdf.to_pdf(build_document(complete_draft))
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    flat = " ".join(text.split())
    assert "Convention de partage de données" in flat
    assert "Convention test CAF–CCAS" in flat
    assert "Fictiville-sur-Test" in flat
    assert "conservées trois mois" in flat
    assert "{{" not in flat
    assert "Article 1 – Objet" in flat
    assert "Article 3 – Sécurité" in flat
    assert "Pour CAF de Fictiville" in flat and "Pour CCAS de Fictiville" in flat
    assert "Signature :" in flat and "Date :" in flat
    assert "Annexe 1 – Liste des données échangées" in flat
    assert "Annexe 2 – Liste de contrôle de la sécurité" in flat
    assert "Annexe 3 – Contacts" in flat
    assert "contact@caf.example.org" in flat
    assert "ne constituent pas un avis juridique" in flat
    # The working-document notice is on every page (footer).
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) >= 3
    for page in reader.pages:
        assert "services juridiques et votre DPO" in " ".join(page.extract_text().split())


def test_pdf_escapes_user_text(member, complete_draft):
    answers = dict(complete_draft.answers)
    answers["parties"] = [
        {**answers["parties"][0], "name": "CAF <b>& Cie</b>"},
        answers["parties"][1],
    ]
    draft = save_answers(complete_draft, member, answers)
    flat = " ".join(pdf_text(pdf.to_pdf(build_document(draft))).split())
    assert "CAF <b>& Cie</b>" in flat


def test_non_demo_export_has_only_the_working_document_notice(complete_draft, clauses):
    from library.conventions.models import Clause

    Clause.objects.update(is_demo=False)
    paragraphs, _tables, _footer = docx_text(word.to_docx(build_document(complete_draft)))
    assert not any("fictive" in p for p in paragraphs)
    assert (
        "Avertissement : Document de travail à faire relire par vos services juridiques et "
        "votre DPO."
    ) in paragraphs


def test_download_views(client, member, complete_draft):
    client.force_login(member)
    response = client.get(reverse("conventions:draft_export", args=[complete_draft.pk, "docx"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    paragraphs, _t, _f = docx_text(response.content)
    assert "Elle porte sur Fictiville-sur-Test." in paragraphs
    response = client.get(reverse("conventions:draft_export", args=[complete_draft.pk, "pdf"]))
    assert "Fictiville-sur-Test" in pdf_text(response.content)
