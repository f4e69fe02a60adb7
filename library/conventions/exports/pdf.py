"""The convention as a PDF file (reportlab platypus): its fonts and styles, the title page, the
articles, the signatures, the annexes, and what every page carries (notices, page number)."""

import io
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from library.conventions.document import ConventionDocument
from library.conventions.exports import annex_titles, article_heading, generated_on

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


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


@dataclass
class _Styles:
    """The paragraph styles of the PDF, and ``p()`` to turn a text into an escaped paragraph."""

    regular: str
    body: object
    center: object
    title: object
    h1: object
    h2: object
    warning: object
    cell: object

    @classmethod
    def build(cls, regular: str, bold: str) -> "_Styles":
        from reportlab.lib import colors
        from reportlab.lib.enums import TA_CENTER
        from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

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
        return cls(
            regular=regular,
            body=body,
            center=center,
            title=ParagraphStyle(
                "czn-title", parent=base["Title"], fontName=bold, fontSize=20, leading=26
            ),
            h1=ParagraphStyle(
                "czn-h1", parent=base["Heading2"], fontName=bold, fontSize=13, spaceBefore=12
            ),
            h2=ParagraphStyle("czn-h2", parent=base["Heading3"], fontName=bold, fontSize=11),
            warning=ParagraphStyle(
                "czn-warning", parent=center, fontName=bold, textColor=colors.HexColor("#b34000")
            ),
            cell=ParagraphStyle("czn-cell", parent=body, spaceAfter=2),
        )

    @property
    def checkbox(self) -> str:
        return "☐" if self.regular == "CznSans" else "[ ]"

    def p(self, text, style=None):
        from reportlab.platypus import Paragraph

        return Paragraph(escape(text), style or self.body)


def to_pdf(document: ConventionDocument) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate

    regular, bold = _fonts()
    styles = _Styles.build(regular, bold)
    story = [
        *_cover(document, styles),
        *_articles(document, styles),
        *_signatures(document, styles),
        *_annexes(document, styles),
    ]
    footer_text = " ".join(document.notices)
    on_page = _every_page(footer_text, regular)
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


def _cover(document: ConventionDocument, s: _Styles) -> list:
    """The title page: title, parties, model and date, notices; then a page break."""
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    story = [
        Spacer(1, 3 * cm),
        s.p(_("Convention de partage de données"), s.center),
        s.p(document.title, s.title),
        Spacer(1, 0.5 * cm),
        s.p(_("Entre :"), s.center),
    ]
    for party in document.parties:
        who = _("représenté·e par %(who)s") % {"who": party["representative"]}
        if party["role"]:
            who += f", {party['role']}"
        story.append(Paragraph(f"<b>{escape(party['name'])}</b> {escape(who)}", s.center))
    story += [
        Spacer(1, 0.5 * cm),
        s.p(
            _("D’après le modèle « %(model)s » — version de travail du %(date)s")
            % {"model": document.model_title, "date": generated_on(document)},
            s.center,
        ),
        Spacer(1, 1 * cm),
    ]
    story += [s.p(_("Avertissement : ") + notice, s.warning) for notice in document.notices]
    story.append(PageBreak())
    return story


def _articles(document: ConventionDocument, s: _Styles) -> list:
    """The preamble (the parties' clause), then the numbered articles."""
    story = []
    if document.preamble:
        story.append(s.p(_("Préambule – Les parties"), s.h1))
        story += [s.p(text) for text in document.preamble]
    for article in document.articles:
        story.append(s.p(article_heading(article), s.h1))
        story += [s.p(text) for text in article.paragraphs]
    return story


def _signatures(document: ConventionDocument, s: _Styles) -> list:
    """One cell per party: name, representative and role, date, signature."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    story = [s.p(_("Signatures"), s.h1)]
    story.append(s.p(_("Fait en %(n)s exemplaires originaux.") % {"n": len(document.parties)}))
    cells = []
    for party in document.parties:
        lines = [
            Paragraph(f"<b>{escape(_('Pour %(name)s') % {'name': party['name']})}</b>", s.cell),
            s.p(party["representative"], s.cell),
        ]
        if party["role"]:
            lines.append(s.p(party["role"], s.cell))
        lines += [s.p(_("Date :"), s.cell), s.p(_("Signature :"), s.cell), Spacer(1, 2 * cm)]
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
    return story


def _annexes(document: ConventionDocument, s: _Styles) -> list:
    """On a new page: the data exchanged, the security checklist, the contacts."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import ListFlowable, ListItem, PageBreak, Table, TableStyle

    titles = annex_titles()
    story = [PageBreak(), s.p(titles[0], s.h1), s.p(_("Catégories de données"), s.h2)]
    story.append(
        ListFlowable([ListItem(s.p(x)) for x in document.data_categories], bulletType="bullet")
    )
    story.append(s.p(_("Personnes concernées"), s.h2))
    story.append(ListFlowable([ListItem(s.p(x)) for x in document.persons], bulletType="bullet"))
    story.append(s.p(_("Durée de conservation : %(d)s") % {"d": document.retention}))
    story += [
        s.p(titles[1], s.h1),
        s.p(_("À cocher par chaque partie avant le premier échange de données.")),
    ]
    story += [s.p(f"{s.checkbox} {item}") for item in document.security]
    story.append(s.p(titles[2], s.h1))
    rows = [[s.p(_("Partie"), s.cell), s.p(_("Représentant·e"), s.cell), s.p(_("Contact"), s.cell)]]
    rows += [
        [
            s.p(party["name"], s.cell),
            s.p(party["representative"], s.cell),
            s.p(party["contact"] or _("À compléter"), s.cell),
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
    return story


def _every_page(footer_text: str, regular: str):
    """What every page carries: the notices in the footer, the page number at the top right."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm

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

    return on_page
