"""The convention as a DOCX file (python-docx): its properties and footer, the title page, the
articles, the signatures and the annexes."""

import io

from django.utils.translation import gettext as _

from library.conventions.document import ConventionDocument
from library.conventions.exports import annex_titles, article_heading, generated_on


def to_docx(document: ConventionDocument) -> bytes:
    from docx import Document

    doc = Document()
    _properties(doc, document)
    _cover(doc, document)
    _articles(doc, document)
    _signatures(doc, document)
    _annexes(doc, document)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _properties(doc, document: ConventionDocument) -> None:
    """Title and notices in the file's properties, the body font, the notices in the footer."""
    from docx.shared import Pt

    doc.core_properties.title = document.title
    doc.core_properties.comments = " ".join(document.notices)
    styles = doc.styles
    styles["Normal"].font.name = "Marianne"
    styles["Normal"].font.size = Pt(11)

    footer = doc.sections[0].footer.paragraphs[0]
    footer.text = " ".join(document.notices)
    footer.runs[0].font.size = Pt(8)


def _cover(doc, document: ConventionDocument) -> None:
    """The title page: title, parties, model and date, notices; then a page break."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt, RGBColor

    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(_("Convention de partage de données"))
    run.font.size = Pt(14)
    doc.add_heading(document.title, level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    between = doc.add_paragraph(_("Entre :"))
    between.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for party in document.parties:
        line = doc.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        line.add_run(party["name"]).bold = True
        line.add_run(
            " "
            + _("représenté·e par %(who)s, %(role)s")
            % {"who": party["representative"], "role": party["role"]}
            if party["role"]
            else " " + _("représenté·e par %(who)s") % {"who": party["representative"]}
        )
    doc.add_paragraph(
        _("D’après le modèle « %(model)s » — version de travail du %(date)s")
        % {"model": document.model_title, "date": generated_on(document)}
    ).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for notice in document.notices:
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        notice_run = paragraph.add_run(_("Avertissement : ") + notice)
        notice_run.bold = True
        notice_run.font.color.rgb = RGBColor(0xB3, 0x40, 0x00)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _articles(doc, document: ConventionDocument) -> None:
    """The preamble (the parties' clause), then the numbered articles."""
    if document.preamble:
        doc.add_heading(_("Préambule – Les parties"), level=1)
        for text in document.preamble:
            doc.add_paragraph(text)
    for article in document.articles:
        doc.add_heading(article_heading(article), level=1)
        for text in article.paragraphs:
            doc.add_paragraph(text)


def _signatures(doc, document: ConventionDocument) -> None:
    """One cell per party: name, representative and role, date, signature."""
    doc.add_heading(_("Signatures"), level=1)
    doc.add_paragraph(_("Fait en %(n)s exemplaires originaux.") % {"n": len(document.parties)})
    table = doc.add_table(rows=1, cols=len(document.parties))
    table.style = "Table Grid"
    for cell, party in zip(table.rows[0].cells, document.parties, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(_("Pour %(name)s") % {"name": party["name"]}).bold = True
        cell.add_paragraph(party["representative"])
        if party["role"]:
            cell.add_paragraph(party["role"])
        cell.add_paragraph(_("Date :"))
        cell.add_paragraph(_("Signature :"))
        cell.add_paragraph("")
        cell.add_paragraph("")


def _annexes(doc, document: ConventionDocument) -> None:
    """On a new page: the data exchanged, the security checklist, the contacts."""
    from docx.enum.section import WD_SECTION

    titles = annex_titles()
    doc.add_section(WD_SECTION.NEW_PAGE)
    doc.add_heading(titles[0], level=1)
    doc.add_heading(_("Catégories de données"), level=2)
    for item in document.data_categories:
        doc.add_paragraph(item, style="List Bullet")
    doc.add_heading(_("Personnes concernées"), level=2)
    for item in document.persons:
        doc.add_paragraph(item, style="List Bullet")
    doc.add_paragraph(_("Durée de conservation : %(d)s") % {"d": document.retention})

    doc.add_heading(titles[1], level=1)
    doc.add_paragraph(_("À cocher par chaque partie avant le premier échange de données."))
    for item in document.security:
        doc.add_paragraph("☐ " + item)

    doc.add_heading(titles[2], level=1)
    contacts = doc.add_table(rows=1, cols=3)
    contacts.style = "Table Grid"
    for cell, label in zip(
        contacts.rows[0].cells, [_("Partie"), _("Représentant·e"), _("Contact")], strict=True
    ):
        cell.text = label
    for party in document.parties:
        row = contacts.add_row().cells
        row[0].text = party["name"]
        row[1].text = party["representative"]
        row[2].text = party["contact"] or _("À compléter")
