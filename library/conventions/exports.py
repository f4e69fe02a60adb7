"""A ConventionDocument as DOCX (python-docx) and PDF (reportlab platypus).

Both carry: a title page with the notices, numbered articles (« Article 1 – Objet »), a
signature block with one cell per party (name, representative, date, signature) and three
annexes (data exchanged, security checklist, contacts). The notices are repeated in the footer
of every page."""

import io
from pathlib import Path

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from library.conventions.document import ConventionDocument

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def article_heading(article) -> str:
    return _("Article %(number)s – %(title)s") % {"number": article.number, "title": article.title}


def _date(document: ConventionDocument) -> str:
    return formats.date_format(timezone.localtime(document.generated_at), "j F Y")


def annex_titles() -> list[str]:
    return [
        _("Annexe 1 – Liste des données échangées"),
        _("Annexe 2 – Liste de contrôle de la sécurité"),
        _("Annexe 3 – Contacts"),
    ]


# --- DOCX ----------------------------------------------------------------------------------------


def to_docx(document: ConventionDocument) -> bytes:
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt, RGBColor

    doc = Document()
    doc.core_properties.title = document.title
    doc.core_properties.comments = " ".join(document.notices)
    styles = doc.styles
    styles["Normal"].font.name = "Marianne"
    styles["Normal"].font.size = Pt(11)

    footer = doc.sections[0].footer.paragraphs[0]
    footer.text = " ".join(document.notices)
    footer.runs[0].font.size = Pt(8)

    # Title page.
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
        % {"model": document.model_title, "date": _date(document)}
    ).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for notice in document.notices:
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        notice_run = paragraph.add_run(_("Avertissement : ") + notice)
        notice_run.bold = True
        notice_run.font.color.rgb = RGBColor(0xB3, 0x40, 0x00)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # Preamble and articles.
    if document.preamble:
        doc.add_heading(_("Préambule – Les parties"), level=1)
        for text in document.preamble:
            doc.add_paragraph(text)
    for article in document.articles:
        doc.add_heading(article_heading(article), level=1)
        for text in article.paragraphs:
            doc.add_paragraph(text)

    # Signatures.
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

    # Annexes.
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

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- PDF -----------------------------------------------------------------------------------------


def _fonts() -> tuple[str, str]:
    """DejaVu when installed (every character, ☐ included), Helvetica otherwise."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        if "CznSans" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("CznSans", str(regular)))
            pdfmetrics.registerFont(TTFont("CznSans-Bold", str(bold)))
        return "CznSans", "CznSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def to_pdf(document: ConventionDocument) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        ListFlowable,
        ListItem,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    regular, bold = _fonts()
    base = getSampleStyleSheet()
    body = ParagraphStyle(
        "czn-body",
        parent=base["BodyText"],
        fontName=regular,
        fontSize=10.5,
        leading=14,
        spaceAfter=6,
    )
    center = ParagraphStyle("czn-center", parent=body, alignment=TA_CENTER)
    title = ParagraphStyle(
        "czn-title", parent=base["Title"], fontName=bold, fontSize=20, leading=26
    )
    h1 = ParagraphStyle(
        "czn-h1", parent=base["Heading2"], fontName=bold, fontSize=13, spaceBefore=12
    )
    h2 = ParagraphStyle("czn-h2", parent=base["Heading3"], fontName=bold, fontSize=11)
    warning = ParagraphStyle(
        "czn-warning", parent=center, fontName=bold, textColor=colors.HexColor("#b34000")
    )
    cell = ParagraphStyle("czn-cell", parent=body, spaceAfter=2)
    checkbox = "☐" if regular == "CznSans" else "[ ]"

    def p(text, style=body):
        return Paragraph(escape(text), style)

    story = [
        Spacer(1, 3 * cm),
        p(_("Convention de partage de données"), center),
        p(document.title, title),
        Spacer(1, 0.5 * cm),
        p(_("Entre :"), center),
    ]
    for party in document.parties:
        who = _("représenté·e par %(who)s") % {"who": party["representative"]}
        if party["role"]:
            who += f", {party['role']}"
        story.append(Paragraph(f"<b>{escape(party['name'])}</b> {escape(who)}", center))
    story += [
        Spacer(1, 0.5 * cm),
        p(
            _("D’après le modèle « %(model)s » — version de travail du %(date)s")
            % {"model": document.model_title, "date": _date(document)},
            center,
        ),
        Spacer(1, 1 * cm),
    ]
    story += [p(_("Avertissement : ") + notice, warning) for notice in document.notices]
    story.append(PageBreak())

    if document.preamble:
        story.append(p(_("Préambule – Les parties"), h1))
        story += [p(text) for text in document.preamble]
    for article in document.articles:
        story.append(p(article_heading(article), h1))
        story += [p(text) for text in article.paragraphs]

    story.append(p(_("Signatures"), h1))
    story.append(p(_("Fait en %(n)s exemplaires originaux.") % {"n": len(document.parties)}))
    cells = []
    for party in document.parties:
        lines = [
            Paragraph(f"<b>{escape(_('Pour %(name)s') % {'name': party['name']})}</b>", cell),
            p(party["representative"], cell),
        ]
        if party["role"]:
            lines.append(p(party["role"], cell))
        lines += [p(_("Date :"), cell), p(_("Signature :"), cell), Spacer(1, 2 * cm)]
        cells.append(lines)
    width = (A4[0] - 4 * cm) / max(len(cells), 1)
    signatures = Table([cells], colWidths=[width] * len(cells))
    signatures.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(signatures)

    titles = annex_titles()
    story += [PageBreak(), p(titles[0], h1), p(_("Catégories de données"), h2)]
    story.append(
        ListFlowable([ListItem(p(x)) for x in document.data_categories], bulletType="bullet")
    )
    story.append(p(_("Personnes concernées"), h2))
    story.append(ListFlowable([ListItem(p(x)) for x in document.persons], bulletType="bullet"))
    story.append(p(_("Durée de conservation : %(d)s") % {"d": document.retention}))
    story += [
        p(titles[1], h1),
        p(_("À cocher par chaque partie avant le premier échange de données.")),
    ]
    story += [p(f"{checkbox} {item}") for item in document.security]
    story.append(p(titles[2], h1))
    rows = [[p(_("Partie"), cell), p(_("Représentant·e"), cell), p(_("Contact"), cell)]]
    rows += [
        [
            p(party["name"], cell),
            p(party["representative"], cell),
            p(party["contact"] or _("À compléter"), cell),
        ]
        for party in document.parties
    ]
    contacts = Table(rows, colWidths=[(A4[0] - 4 * cm) / 3] * 3)
    contacts.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(contacts)

    footer_text = " ".join(document.notices)

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFont(regular, 7)
        text = canvas.beginText(2 * cm, 1.2 * cm)
        line = ""
        for word in footer_text.split():
            candidate = f"{line} {word}".strip()
            if canvas.stringWidth(candidate, regular, 7) > A4[0] - 4 * cm:
                text.textLine(line)
                line = word
            else:
                line = candidate
        text.textLine(line)
        canvas.drawText(text)
        canvas.drawRightString(A4[0] - 2 * cm, A4[1] - 1.2 * cm, str(doc.page))
        canvas.restoreState()

    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2.5 * cm,
        title=document.title,
        author="Communauté zéro non-recours",
        subject=footer_text,
    )
    template.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
