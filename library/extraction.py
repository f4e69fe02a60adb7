"""Text extracted from the library files, for the search index.

One function per format, all bounded: at most ``MAX_CHARS`` characters kept (and a bounded number
of pages, rows or bytes read), and never an exception — a file we cannot read gives ``""``."""

import contextlib
import csv
import io
import logging
import re
import zipfile

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

logger = logging.getLogger(__name__)

MAX_CHARS = 200_000
MAX_PDF_PAGES = 300
MAX_SHEET_ROWS = 5_000
MAX_XML_BYTES = 20 * 1024 * 1024

TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def _clean(text: str) -> str:
    text = text.replace("\x00", " ")
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r"\n\s*\n+", "\n", text)
    return text.strip()[:MAX_CHARS]


class _Budget:
    """Collects pieces of text until MAX_CHARS is reached."""

    def __init__(self):
        self.parts: list[str] = []
        self.size = 0

    def add(self, text) -> bool:
        if text is None:
            return self.size < MAX_CHARS
        text = str(text).strip()
        if text:
            self.parts.append(text)
            self.size += len(text) + 1
        return self.size < MAX_CHARS

    def text(self, separator="\n") -> str:
        return _clean(separator.join(self.parts))


def extract_pdf(fileobj) -> str:
    from pypdf import PdfReader

    reader = PdfReader(fileobj)
    budget = _Budget()
    for number, page in enumerate(reader.pages):
        if number >= MAX_PDF_PAGES or not budget.add(page.extract_text()):
            break
    return budget.text()


def extract_docx(fileobj) -> str:
    import docx

    document = docx.Document(fileobj)
    budget = _Budget()
    for paragraph in document.paragraphs:
        if not budget.add(paragraph.text):
            return budget.text()
    for table in document.tables:
        for row in table.rows:
            if not budget.add(" ".join(cell.text for cell in row.cells)):
                return budget.text()
    return budget.text()


def extract_xlsx(fileobj) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(fileobj, read_only=True, data_only=True)
    budget = _Budget()
    try:
        for sheet in workbook.worksheets:
            budget.add(sheet.title)
            for number, row in enumerate(sheet.iter_rows(values_only=True)):
                if number >= MAX_SHEET_ROWS:
                    break
                cells = [str(value) for value in row if value not in (None, "")]
                if not budget.add(" ".join(cells)):
                    return budget.text()
    finally:
        workbook.close()
    return budget.text()


def extract_opendocument(fileobj) -> str:
    """ODT and ODS: the text of ``content.xml`` (paragraphs, headings, table cells)."""
    with zipfile.ZipFile(fileobj) as archive:
        info = archive.getinfo("content.xml")
        if info.file_size > MAX_XML_BYTES:
            with archive.open(info) as member:
                data = member.read(MAX_XML_BYTES)
        else:
            data = archive.read(info)
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException):
        return ""
    budget = _Budget()
    blocks = {f"{{{TEXT_NS}}}p", f"{{{TEXT_NS}}}h"}
    for element in root.iter():
        if element.tag in blocks and not budget.add("".join(element.itertext())):
            break
    return budget.text()


def extract_csv(fileobj) -> str:
    data = fileobj.read(MAX_CHARS * 4)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return ""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    budget = _Budget()
    for number, row in enumerate(csv.reader(io.StringIO(text), dialect)):
        if number >= MAX_SHEET_ROWS or not budget.add(" ".join(cell for cell in row if cell)):
            break
    return budget.text()


EXTRACTORS = {
    "pdf": extract_pdf,
    "docx": extract_docx,
    "xlsx": extract_xlsx,
    "odt": extract_opendocument,
    "ods": extract_opendocument,
    "csv": extract_csv,
}


def extract_text(fileobj, kind: str) -> str:
    """The text of a file already checked by ``validate_upload``; ``""`` when unreadable."""
    extractor = EXTRACTORS.get(kind)
    if extractor is None:
        return ""
    try:
        fileobj.seek(0)
        return extractor(fileobj)
    except Exception:  # a damaged file must not prevent the upload; the text is a bonus
        logger.warning("Texte non extrait d’un fichier %s de la bibliothèque", kind, exc_info=True)
        return ""
    finally:
        with contextlib.suppress(OSError, ValueError):
            fileobj.seek(0)
