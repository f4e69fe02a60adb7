"""What reading an uploaded file may cost: ONE guard for every archive (DOCX, XLSX, ODT, ODS) and
every PDF, used by the upload validation (``website.uploads.validate_upload`` refuses with a
French message) and by the library's text extraction (which stays bounded even on a file stored
before these limits).

- Archives: the central directory is read (its size is checked first, from the end record) and
  the sizes it declares are checked BEFORE anything is decompressed: number of members, size of
  each member, total size, compression ratio. Python's ``zipfile`` never returns more bytes than
  a member declares, so these declared sizes bound what any later read can produce.
- PDF: pypdf runs under stricter limits (``pdf_limits``: bytes per stream, page tree entries,
  parsing work); the page count is capped; ``PdfGuard`` counts the bytes decompressed from the
  object streams and from every stream the text extraction of a page decodes (contents, forms,
  fonts), and refuses past ``MAX_PDF_DECODED_BYTES``.
- Time: ``Deadline`` lets the extraction loops stop after ``EXTRACTION_SECONDS``."""

import contextlib
import logging
import struct
import time
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MB = 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
MAX_CENTRAL_DIRECTORY_BYTES = MAX_ZIP_MEMBERS * 400
MAX_MEMBER_BYTES = 50 * MB
MAX_UNCOMPRESSED_BYTES = 100 * MB
MAX_RATIO = 200  # uncompressed / compressed, for a member of more than RATIO_FLOOR_BYTES
RATIO_FLOOR_BYTES = 10 * MB
MAX_PDF_PAGES = 2_000
MAX_PDF_TEXT_PAGES = 300  # the pages whose text is extracted, and checked first
MAX_PDF_DECODED_BYTES = 50 * MB
MAX_PDF_PARSING_WORK = 300_000  # operands and operators of one content stream
EXTRACTION_SECONDS = 20.0

logger = logging.getLogger(__name__)

_EOCD = struct.Struct("<4s4H2LH")
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")


class FileTooCostly(ValidationError):
    """A file refused because reading it would cost too much (the message is French)."""


def _decompresses_beyond(limit: int) -> FileTooCostly:
    return FileTooCostly(
        _(
            "Ce fichier se décompresse en plus de %(size)s Mo : il ne peut pas être accepté. "
            "Enregistrez-le de nouveau depuis votre logiciel, sans contenu superflu, ou "
            "découpez-le en plusieurs fichiers."
        )
        % {"size": limit // MB},
        code="decompressed_too_large",
    )


def _too_many_members() -> FileTooCostly:
    return FileTooCostly(
        _(
            "Ce fichier contient plus de %(count)s éléments internes : il ne peut pas être "
            "accepté. Enregistrez-le de nouveau depuis votre logiciel."
        )
        % {"count": f"{MAX_ZIP_MEMBERS:,}".replace(",", "\u202f")},
        code="too_many_members",
    )


def _abnormal_ratio(info: zipfile.ZipInfo) -> FileTooCostly:
    return FileTooCostly(
        _(
            "Ce fichier est anormalement compressé (une de ses parties passe de %(compressed)s "
            "Ko à %(size)s Mo une fois décompressée) : il ne peut pas être accepté. "
            "Enregistrez-le de nouveau depuis votre logiciel."
        )
        % {"compressed": max(1, info.compress_size // 1024), "size": info.file_size // MB},
        code="compression_ratio",
    )


def _too_many_pages() -> FileTooCostly:
    return FileTooCostly(
        _(
            "Ce PDF compte plus de %(count)s pages : il ne peut pas être accepté. "
            "Découpez-le en plusieurs fichiers."
        )
        % {"count": f"{MAX_PDF_PAGES:,}".replace(",", "\u202f")},
        code="too_many_pages",
    )


class Deadline:
    def __init__(self, seconds: float = EXTRACTION_SECONDS):
        self.end = time.monotonic() + seconds

    def passed(self) -> bool:
        return time.monotonic() > self.end


# --- Archives ---------------------------------------------------------------------------------


def _central_directory(fileobj) -> tuple[int, int]:
    """(entries, size in bytes) of the central directory, read from the end record; (0, 0)
    when there is no end record (``zipfile`` will then refuse the file itself)."""
    fileobj.seek(0, 2)
    size = fileobj.tell()
    tail_start = max(0, size - (_EOCD.size + 65_535 + _ZIP64_LOCATOR.size))
    fileobj.seek(tail_start)
    tail = fileobj.read()
    position = tail.rfind(b"PK\x05\x06")
    if position < 0 or len(tail) - position < _EOCD.size:
        return 0, 0
    fields = _EOCD.unpack_from(tail, position)
    entries, cd_size = fields[4], fields[5]
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF:  # ZIP64: the real values are elsewhere
        locator = position - _ZIP64_LOCATOR.size
        if locator < 0 or tail[locator : locator + 4] != b"PK\x06\x07":
            return 0, 0
        offset = _ZIP64_LOCATOR.unpack_from(tail, locator)[2]
        fileobj.seek(offset)
        record = fileobj.read(_ZIP64_EOCD.size)
        if len(record) < _ZIP64_EOCD.size or not record.startswith(b"PK\x06\x06"):
            return 0, 0
        fields = _ZIP64_EOCD.unpack(record)
        entries, cd_size = fields[7], fields[8]
    return entries, cd_size


def check_zip_directory(fileobj) -> None:
    """Refuse a central directory too big to be read into memory (before ``ZipFile`` reads it)."""
    try:
        entries, cd_size = _central_directory(fileobj)
    finally:
        fileobj.seek(0)
    if entries > MAX_ZIP_MEMBERS or cd_size > MAX_CENTRAL_DIRECTORY_BYTES:
        raise _too_many_members()


def check_zip(archive: zipfile.ZipFile) -> None:
    """Refuse an archive whose declared sizes are too big: nothing is decompressed."""
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise _too_many_members()
    total = 0
    for info in infos:
        if info.file_size > MAX_MEMBER_BYTES:
            raise _decompresses_beyond(MAX_MEMBER_BYTES)
        total += info.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise _decompresses_beyond(MAX_UNCOMPRESSED_BYTES)
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise _abnormal_ratio(info)


def open_zip(fileobj) -> zipfile.ZipFile:
    """A checked ``ZipFile`` (raises ``FileTooCostly``, or ``zipfile.BadZipFile``)."""
    check_zip_directory(fileobj)
    archive = zipfile.ZipFile(fileobj)
    try:
        check_zip(archive)
    except BaseException:
        archive.close()
        raise
    return archive


# --- PDF -------------------------------------------------------------------------------------


@contextlib.contextmanager
def pdf_limits():
    """pypdf's own limits, made strict for the time of a ``with`` block."""
    from pypdf import apply_configuration

    per_stream = MAX_PDF_DECODED_BYTES
    with apply_configuration(
        zlib_maximum_output_length=per_stream,
        lzw_maximum_output_length=per_stream,
        run_length_maximum_output_length=per_stream,
        brotli_maximum_output_length=per_stream,
        jbig2_maximum_output_length=per_stream,
        array_based_stream_maximum_output_length=per_stream,
        image_maximum_buffer_size=per_stream,
        stream_decoding_work_maximum_length=2 * per_stream,
        stream_parsing_work_maximum_count=MAX_PDF_PARSING_WORK,
        page_tree_maximum_entries=2 * MAX_PDF_PAGES,
        page_tree_maximum_page_entries=50 * MAX_PDF_PAGES,
        xform_maximum_invocations_per_extraction=1_000,
        outline_maximum_entries=10_000,
        jbig2dec_binary=None,
    ) as configuration:
        yield configuration


def _too_complex_pdf() -> FileTooCostly:
    return FileTooCostly(
        _(
            "Ce PDF est trop complexe pour être lu : il ne peut pas être accepté. "
            "Enregistrez-le de nouveau depuis votre logiciel, par exemple avec « Imprimer en "
            "PDF »."
        ),
        code="pdf_too_complex",
    )


def _resolved(value):
    return value.get_object() if hasattr(value, "get_object") else value


class PdfGuard:
    """Counts the bytes decompressed from a PDF: object streams, then, page by page, what the
    text extraction of the page decodes. Use within ``pdf_limits()``."""

    def __init__(self, reader):
        self.reader = reader
        self.decoded = 0
        self.seen: set = set()

    def _count(self, stream) -> None:
        from pypdf.errors import LimitReachedError
        from pypdf.generic import StreamObject

        stream = _resolved(stream)
        if not isinstance(stream, StreamObject) or id(stream) in self.seen:
            return
        self.seen.add(id(stream))
        try:
            self.decoded += len(stream.get_data())
        except LimitReachedError as error:
            raise _decompresses_beyond(MAX_PDF_DECODED_BYTES) from error
        if self.decoded > MAX_PDF_DECODED_BYTES:
            raise _decompresses_beyond(MAX_PDF_DECODED_BYTES)

    def check_object_streams(self) -> None:
        for number in sorted({number for number, _index in self.reader.xref_objStm.values()}):
            self._count(self.reader.get_object(number))

    def pages(self):
        from pypdf.errors import LimitReachedError

        try:
            pages = self.reader.pages
            count = len(pages)
        except LimitReachedError as error:
            raise _too_many_pages() from error
        if count > MAX_PDF_PAGES:
            raise _too_many_pages()
        return pages

    def check_page(self, page) -> None:
        contents = _resolved(page.get("/Contents"))
        for stream in contents if isinstance(contents, list) else [contents]:
            self._count(stream)
        self._check_resources(page.get("/Resources"), depth=0)

    def _check_resources(self, resources, depth: int) -> None:
        resources = _resolved(resources)
        if not isinstance(resources, dict) or depth > 10:
            return
        fonts = _resolved(resources.get("/Font"))
        for font in fonts.values() if isinstance(fonts, dict) else ():
            self._check_font(_resolved(font))
        xobjects = _resolved(resources.get("/XObject"))
        for xobject in xobjects.values() if isinstance(xobjects, dict) else ():
            xobject = _resolved(xobject)
            form = isinstance(xobject, dict) and xobject.get("/Subtype") == "/Form"
            if form and id(xobject) not in self.seen:
                self._count(xobject)
                self._check_resources(xobject.get("/Resources"), depth + 1)

    def _check_font(self, font) -> None:
        if not isinstance(font, dict):
            return
        self._count(font.get("/ToUnicode"))
        descendants = _resolved(font.get("/DescendantFonts"))
        fonts = (
            [font, *(_resolved(d) for d in descendants)]
            if isinstance(descendants, list)
            else [font]
        )
        for each in fonts:
            descriptor = _resolved(each.get("/FontDescriptor")) if isinstance(each, dict) else None
            if isinstance(descriptor, dict):
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    self._count(descriptor.get(key))


def guarded_pdf_pages(fileobj, max_pages: int, deadline: Deadline):
    """The first ``max_pages`` pages of a PDF, each checked by ``PdfGuard`` before it is
    yielded (stops at the deadline). Raises ``FileTooCostly``; other errors are pypdf's. Use
    within ``pdf_limits()``."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    try:
        guard = PdfGuard(PdfReader(fileobj))
        guard.check_object_streams()
        for number, page in enumerate(guard.pages()):
            if number >= max_pages or deadline.passed():
                return
            guard.check_page(page)
            yield page
    except LimitReachedError as error:
        raise _too_complex_pdf() from error


def check_pdf(fileobj, max_pages: int) -> None:
    """Refuse a PDF whose first ``max_pages`` pages cost too much to read; a PDF pypdf cannot
    read is not refused here (its text will simply not be extracted)."""
    try:
        with pdf_limits():
            for _page in guarded_pdf_pages(fileobj, max_pages, Deadline()):
                pass
    except FileTooCostly:
        raise
    except Exception:  # noqa: BLE001 - damaged: accepted as before, its text will be empty
        logger.info("PDF illisible à l’envoi : ses limites n’ont pas pu être vérifiées")
    finally:
        fileobj.seek(0)


def check_cost(fileobj, kind: str) -> None:
    """The guard of ``validate_upload``: raises ``FileTooCostly`` (French message)."""
    if kind in ("docx", "xlsx", "odt", "ods"):
        try:
            open_zip(fileobj).close()
        except zipfile.BadZipFile:
            pass  # detect_kind read it: a damaged member is the extraction's concern
        finally:
            fileobj.seek(0)
    elif kind == "pdf":
        check_pdf(fileobj, MAX_PDF_TEXT_PAGES)
