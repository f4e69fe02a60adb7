"""Text extracted from the library files, for the search index.

One function per format, all bounded: at most ``MAX_CHARS`` characters kept, a bounded number of
pages, rows and bytes read, a time budget, and the cost checks of ``website.upload_limits`` (the
same as at upload, so a file stored before them stays harmless); never an exception — a file we
cannot read gives ``""``. Archive members are parsed as a stream (SAX), never as a whole tree."""

import contextlib
import csv
import io
import logging
import re
import zipfile
from xml.sax import SAXException
from xml.sax.handler import ContentHandler, feature_namespaces

from defusedxml import sax
from defusedxml.common import DefusedXmlException

from website import upload_limits as limits

logger = logging.getLogger(__name__)

MAX_CHARS = 200_000
MAX_PDF_PAGES = limits.MAX_PDF_TEXT_PAGES
MAX_SHEET_ROWS = 5_000
MAX_XML_BYTES = 20 * 1024 * 1024  # read from one archive member, at most

TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XLSX_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


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
    from pypdf.errors import LimitReachedError

    budget = _Budget()
    try:
        with limits.pdf_limits():
            for page in limits.guarded_pdf_pages(fileobj, MAX_PDF_PAGES, limits.Deadline()):
                try:
                    text = page.extract_text()
                except LimitReachedError:  # a page too complex to read: the others are
                    continue
                if not budget.add(text):
                    break
    except limits.FileTooCostly:
        logger.warning("Texte d’un PDF de la bibliothèque extrait en partie : trop coûteux")
    return budget.text()


class _Full(Exception):
    """The budget of characters (or rows) is reached: stop parsing."""


class _TextHandler(ContentHandler):
    """Text of the ``blocks`` elements (paragraphs, shared strings): only the characters inside
    ``texts`` elements when given; ``spaces`` elements count as a space; ``labels`` maps an
    element to the attribute whose value is a block (sheet names)."""

    def __init__(self, budget, blocks=(), texts=None, spaces=(), labels=None):
        super().__init__()
        self.budget, self.blocks, self.texts, self.spaces = budget, blocks, texts, spaces
        self.labels = labels or {}
        self.open: list[list[str]] = []  # the text of each open block (blocks can nest)
        self.sizes: list[int] = []
        self.in_text = 0

    def startElementNS(self, name, qname, attrs):
        if name in self.blocks:
            self.open.append([])
            self.sizes.append(0)
        elif self.texts is not None and name in self.texts:
            self.in_text += 1
        elif name in self.spaces:
            self.append(" ")
        if name in self.labels:
            self.add(attrs.get((None, self.labels[name])))

    def endElementNS(self, name, qname):
        if name in self.blocks and self.open:
            self.sizes.pop()
            self.add("".join(self.open.pop()))
        elif self.texts is not None and name in self.texts:
            self.in_text -= 1

    def characters(self, content):
        if self.texts is None or self.in_text > 0:
            self.append(content)

    def append(self, content):
        if self.open and self.sizes[-1] < MAX_CHARS:
            self.open[-1].append(content)
            self.sizes[-1] += len(content)

    def add(self, text):
        if not self.budget.add(text):
            raise _Full


class _SheetHandler(_TextHandler):
    """A worksheet: one block per row, the cell values, except the numbers that point to the
    shared strings (indexed once, from sharedStrings.xml); at most MAX_SHEET_ROWS rows."""

    def __init__(self, budget):
        super().__init__(budget, blocks={(XLSX_NS, "row")}, texts={(XLSX_NS, "v"), (XLSX_NS, "t")})
        self.rows = 0
        self.shared = False

    def startElementNS(self, name, qname, attrs):
        if name == (XLSX_NS, "c"):
            self.append(" ")  # between cells
            self.shared = attrs.get((None, "t")) == "s"
        super().startElementNS(name, qname, attrs)

    def characters(self, content):
        if not self.shared:
            super().characters(content)

    def endElementNS(self, name, qname):
        super().endElementNS(name, qname)
        if name == (XLSX_NS, "row"):
            self.rows += 1
            if self.rows >= MAX_SHEET_ROWS:
                raise _Full


def _read_member_chunks(
    archive: zipfile.ZipFile,
    name: str,
    max_bytes: int,
    deadline: limits.Deadline,
    chunk_size: int = 64 * 1024,
):
    """The bytes of a member, chunk by chunk: at most ``max_bytes``, and nothing past the
    deadline."""
    read = 0
    with archive.open(name) as member:
        while read < max_bytes and not deadline.passed():
            chunk = member.read(min(chunk_size, max_bytes - read))
            if not chunk:
                return
            read += len(chunk)
            yield chunk


def _parse_member(archive, name: str, handler, deadline) -> None:
    """Feed a member to a SAX parser, chunk by chunk (MAX_XML_BYTES at most): no tree is
    built; a budget reached or a malformed document ends the parsing, keeping what was read."""
    parser = sax.make_parser()
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(handler)
    try:
        for chunk in _read_member_chunks(archive, name, MAX_XML_BYTES, deadline):
            parser.feed(chunk)
    except _Full:
        return
    except (SAXException, DefusedXmlException):
        logger.info("XML illisible dans %s d’un fichier de la bibliothèque", name)


def _extract_zip(fileobj, parts) -> str:
    """``parts``: (member name, handler factory) in order; missing members are skipped."""
    budget, deadline = _Budget(), limits.Deadline()
    with limits.open_zip(fileobj) as archive:
        names = set(archive.namelist())
        for name, make_handler in parts(names):
            if name in names and budget.size < MAX_CHARS and not deadline.passed():
                _parse_member(archive, name, make_handler(budget), deadline)
    return budget.text()


def extract_docx(fileobj) -> str:
    def parts(_names):
        yield (
            "word/document.xml",
            lambda budget: _TextHandler(
                budget,
                blocks={(WORD_NS, "p")},
                texts={(WORD_NS, "t")},
                spaces={(WORD_NS, "tab"), (WORD_NS, "br"), (WORD_NS, "cr")},
            ),
        )

    return _extract_zip(fileobj, parts)


def _sheet_number(name: str) -> int:
    digits = re.sub(r"\D", "", name)
    return int(digits) if digits else 0


def extract_xlsx(fileobj) -> str:
    """Sheet names, the shared strings (the texts of the cells), then the other cell values."""

    def parts(names):
        yield (
            "xl/workbook.xml",
            lambda budget: _TextHandler(budget, labels={(XLSX_NS, "sheet"): "name"}),
        )
        yield (
            "xl/sharedStrings.xml",
            lambda budget: _TextHandler(budget, blocks={(XLSX_NS, "si")}, texts={(XLSX_NS, "t")}),
        )
        sheets = [name for name in names if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name)]
        for name in sorted(sheets, key=_sheet_number):
            yield name, _SheetHandler

    return _extract_zip(fileobj, parts)


def extract_opendocument(fileobj) -> str:
    """ODT and ODS: the text of ``content.xml`` (paragraphs, headings, table cells)."""

    def parts(_names):
        yield (
            "content.xml",
            lambda budget: _TextHandler(
                budget,
                blocks={(TEXT_NS, "p"), (TEXT_NS, "h")},
                spaces={(TEXT_NS, "s"), (TEXT_NS, "tab"), (TEXT_NS, "line-break")},
            ),
        )

    return _extract_zip(fileobj, parts)


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
    except limits.FileTooCostly as error:  # stored before the limits: no text, no traceback
        logger.warning(
            "Texte non extrait d’un fichier %s de la bibliothèque : %s", kind, error.messages[0]
        )
        return ""
    except Exception:  # a damaged file must not prevent the upload; the text is a bonus
        logger.warning("Texte non extrait d’un fichier %s de la bibliothèque", kind, exc_info=True)
        return ""
    finally:
        with contextlib.suppress(OSError, ValueError):
            fileobj.seek(0)
