"""Small demo files of every kind the library takes (library.demo): PDF with reportlab, DOCX
with python-docx, XLSX with openpyxl, ODT and ODS as zips built with the standard library, CSV;
the same bytes for the same title and version."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

DEMO_NOTICE = "Document de démonstration — contenu fictif, sans valeur juridique ni officielle."


def _lines(title: str, version: int) -> list[str]:
    return [
        title,
        f"Version {version}",
        DEMO_NOTICE,
        "Territoires zéro non-recours — communauté apprenante.",
        "Repérage, aller-vers, accès aux droits : ce document illustre la bibliothèque.",
    ]


def make_pdf(title: str, version: int = 1) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle(title)
    y = 800
    for line in _lines(title, version):
        pdf.drawString(60, y, line)
        y -= 24
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_docx(title: str, version: int = 1) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for line in _lines(title, version)[1:]:
        document.add_paragraph(line)
    document.core_properties.created = _fixed_dt()
    document.core_properties.modified = _fixed_dt()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _fixed_dt():
    from datetime import datetime

    return datetime(2025, 1, 1)


def make_xlsx(title: str, version: int = 1) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Indicateurs"
    sheet.append(["Indicateur", "Unité", "T1", "T2"])
    sheet.append(["Personnes repérées", "personnes", 120, 140])
    sheet.append(["Droits ouverts", "droits", 35, 52])
    sheet.append([DEMO_NOTICE])
    workbook.properties.created = workbook.properties.modified = _fixed_dt()
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _opendocument(mimetype: str, body: str) -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        "<office:document-content "
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">'
        f"<office:body>{body}</office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        fixed = (2025, 1, 1, 0, 0, 0)
        archive.writestr(zipfile.ZipInfo("mimetype", fixed), mimetype, zipfile.ZIP_STORED)
        archive.writestr(zipfile.ZipInfo("content.xml", fixed), content, zipfile.ZIP_DEFLATED)
        archive.writestr(
            zipfile.ZipInfo("META-INF/manifest.xml", fixed), manifest, zipfile.ZIP_DEFLATED
        )
    return buffer.getvalue()


def _escape(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


def make_odt(title: str, version: int = 1) -> bytes:
    paragraphs = "".join(f"<text:p>{_escape(line)}</text:p>" for line in _lines(title, version))
    return _opendocument(
        "application/vnd.oasis.opendocument.text", f"<office:text>{paragraphs}</office:text>"
    )


def make_ods(title: str, version: int = 1) -> bytes:
    rows = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{_escape(cell)}</text:p>'
            "</table:table-cell>"
            for cell in row
        )
        + "</table:table-row>"
        for row in [
            ["Date", "Partenaire", "Orientation"],
            ["2025-01-06", "CAF", "Prime d’activité"],
            ["2025-01-13", "CPAM", "Complémentaire santé solidaire"],
            [DEMO_NOTICE, "", ""],
        ]
    )
    return _opendocument(
        "application/vnd.oasis.opendocument.spreadsheet",
        f'<office:spreadsheet><table:table table:name="Orientations">{rows}</table:table>'
        "</office:spreadsheet>",
    )


def make_csv(title: str, version: int = 1) -> bytes:
    lines = [
        "arret;jour;horaires",
        "Hameau des Essais;lundi;9h-12h",
        "Le Bourg-Démo;mardi;14h-17h",
        f"# {DEMO_NOTICE};;",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


MAKERS = {
    "pdf": make_pdf,
    "docx": make_docx,
    "xlsx": make_xlsx,
    "odt": make_odt,
    "ods": make_ods,
    "csv": make_csv,
}


def demo_file(slug: str, title: str, kind: str, version: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{slug}-v{version}.{kind}", MAKERS[kind](title, version))
