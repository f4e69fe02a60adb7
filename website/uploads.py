"""Checking an uploaded file by its CONTENT, not by its name or the browser's word.

``validate_upload(uploaded_file)`` returns the detected kind (``pdf``, ``docx``, ``xlsx``,
``odt``, ``ods``, ``csv``) or raises ``ValidationError`` with a French message: empty file,
file too large (``max_upload_size()``: setting ``UPLOAD_MAX_SIZE``, else the older
``LIBRARY_MAX_UPLOAD_SIZE``), unknown extension, content that does not match the extension, file
that would cost too much to read (zip or PDF bomb: the shared guard of
``website.upload_limits``). Used by the library's forms and versions view, and by every Wagtail
document upload in the admin (``website.document_forms``)."""

import re
import unicodedata
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from website import upload_limits as limits

DEFAULT_MAX_UPLOAD_SIZE = 20 * 1024 * 1024

KINDS = {
    "pdf": ("application/pdf", "PDF"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word (DOCX)",
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel (XLSX)",
    ),
    "odt": ("application/vnd.oasis.opendocument.text", "OpenDocument texte (ODT)"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", "OpenDocument tableur (ODS)"),
    "csv": ("text/csv", "CSV"),
}
ACCEPT_ATTRIBUTE = ",".join(f".{kind}" for kind in KINDS)
CSV_ENCODINGS = ("utf-8-sig", "cp1252")


def max_upload_size() -> int:
    """The largest file accepted, in bytes: ``UPLOAD_MAX_SIZE``, else the library's older
    ``LIBRARY_MAX_UPLOAD_SIZE``, else 20 MiB."""
    size = getattr(settings, "UPLOAD_MAX_SIZE", None)
    if size is None:
        size = getattr(settings, "LIBRARY_MAX_UPLOAD_SIZE", DEFAULT_MAX_UPLOAD_SIZE)
    return int(size)


def content_type_for(kind: str) -> str:
    return KINDS[kind][0]


def kind_label(kind: str) -> str:
    return KINDS.get(kind, ("", kind.upper()))[1]


def safe_filename(name: str, default: str = "document") -> str:
    """A file name safe for a disk path and a Content-Disposition header: no folder, ASCII
    letters, digits, dots, dashes and underscores only, at most 120 characters."""
    name = PurePath(str(name or "").replace("\\", "/")).name
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-._")[:100] or default
    ext = re.sub(r"[^A-Za-z0-9]+", "", ext)[:10].lower()
    return f"{stem}.{ext}" if ext else stem


def extension_of(name: str) -> str:
    suffix = PurePath(str(name or "")).suffix.lower()
    return suffix[1:] if suffix.startswith(".") else ""


def _read_all(uploaded_file) -> bytes:
    uploaded_file.seek(0)
    data = uploaded_file.read()
    uploaded_file.seek(0)
    return data


def _zip_names(uploaded_file) -> tuple[zipfile.ZipFile | None, set[str]]:
    """The archive and its member names; raises ``FileTooCostly`` for a bomb."""
    uploaded_file.seek(0)
    try:
        archive = limits.open_zip(uploaded_file)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None, set()
    return archive, set(archive.namelist())


def _zip_member(archive: zipfile.ZipFile, name: str, limit: int = 200) -> bytes:
    try:
        with archive.open(name) as member:
            return member.read(limit)
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, EOFError):
        return b""


def detect_kind(uploaded_file) -> str | None:
    """The kind the content really is, whatever the name says (``None``: none of ours)."""
    uploaded_file.seek(0)
    head = uploaded_file.read(8)
    uploaded_file.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        archive, names = _zip_names(uploaded_file)
        try:
            if archive is None:
                return None
            if "mimetype" in names:
                mimetype = _zip_member(archive, "mimetype").strip()
                if mimetype == KINDS["odt"][0].encode():
                    return "odt"
                if mimetype == KINDS["ods"][0].encode():
                    return "ods"
                return None
            if "[Content_Types].xml" in names:
                if any(name.startswith("word/") for name in names):
                    return "docx"
                if any(name.startswith("xl/") for name in names):
                    return "xlsx"
            return None
        finally:
            uploaded_file.seek(0)
            if archive is not None:
                archive.close()
    data = _read_all(uploaded_file)
    if b"\x00" in data:
        return None
    for encoding in CSV_ENCODINGS:
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return "csv"
    return None


def validate_upload(uploaded_file) -> str:
    """Check size and content; return the detected kind (which matches the extension)."""
    if uploaded_file is None:
        raise ValidationError(_("Choisissez un fichier."), code="required")
    name = getattr(uploaded_file, "name", "") or ""
    size = getattr(uploaded_file, "size", None)
    if size is None:
        size = len(_read_all(uploaded_file))
    if size == 0:
        raise ValidationError(
            _("Le fichier « %(name)s » est vide.") % {"name": safe_filename(name)}, code="empty"
        )
    limit = max_upload_size()
    if size > limit:
        raise ValidationError(
            _("Le fichier pèse %(size)s : la taille maximale est de %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    extension = extension_of(name)
    if extension not in KINDS:
        raise ValidationError(
            _(
                "Les fichiers « .%(extension)s » ne sont pas acceptés. Formats acceptés : PDF, "
                "DOCX, ODT, XLSX, ODS et CSV."
            )
            % {"extension": extension or "?"}
            if extension
            else _(
                "Le nom du fichier n’a pas d’extension. Formats acceptés : PDF, DOCX, ODT, "
                "XLSX, ODS et CSV."
            ),
            code="extension",
        )
    kind = detect_kind(uploaded_file)
    if kind != extension:
        raise _mismatch(name, extension, kind)
    limits.check_cost(uploaded_file, kind)
    return kind


def _mismatch(name: str, extension: str, kind: str | None) -> ValidationError:
    if extension == "csv":
        message = _(
            "Le fichier « %(name)s » n’est pas un fichier CSV lisible : il contient des "
            "données binaires ou n’est pas du texte."
        )
    elif kind is None:
        message = _(
            "Le contenu du fichier « %(name)s » ne correspond pas à son extension "
            "(%(expected)s) : il est peut-être endommagé ou d’un autre format."
        )
    else:
        message = _(
            "Le contenu du fichier « %(name)s » est du %(actual)s, pas du %(expected)s comme "
            "son extension l’indique. Renommez-le ou enregistrez-le au bon format."
        )
    return ValidationError(
        message
        % {
            "name": safe_filename(name),
            "expected": kind_label(extension),
            # Plain text passes for CSV: say "du texte", which is what a renamed note is.
            "actual": _("texte") if kind == "csv" else kind_label(kind or ""),
        },
        code="content",
    )
