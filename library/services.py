"""Plain functions of the library: adding a version, proposing a document, counting downloads.

Adding a file is all-or-nothing: the content is checked (``validate_upload``), hashed and its
text extracted BEFORE anything is written; the row and the file are written in one transaction,
and the stored file is removed again if the transaction does not commit (no orphan row, no
orphan file)."""

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from library.extraction import extract_text
from website.text import strip_invisible
from website.uploads import content_type_for, validate_upload

logger = logging.getLogger(__name__)


class LibraryError(Exception):
    """A refused action; ``str(error)`` is the French message to show."""


def get_index():
    from library.models import LibraryIndexPage

    return LibraryIndexPage.objects.first()


def sha256_of(uploaded_file) -> str:
    digest = hashlib.sha256()
    uploaded_file.seek(0)
    for chunk in iter(lambda: uploaded_file.read(1024 * 1024), b""):
        digest.update(chunk)
    uploaded_file.seek(0)
    return digest.hexdigest()


def duplicate_message(version) -> str:
    return _(
        "Ce fichier a déjà été déposé pour ce document (%(version)s, fichier "
        "« %(name)s ») : choisissez le fichier de la nouvelle version."
    ) % {"version": version.display_label, "name": version.original_filename}


def check_not_duplicate(document, digest: str) -> None:
    from library.models import DocumentVersion

    if document is None or document.pk is None:
        return
    existing = DocumentVersion.objects.filter(document=document, sha256=digest).first()
    if existing is not None:
        raise ValidationError(duplicate_message(existing), code="duplicate")


def prepare_upload(uploaded_file, document=None) -> dict:
    """Check and read a file; raises ``ValidationError`` (French) and writes nothing."""
    kind = validate_upload(uploaded_file)
    digest = sha256_of(uploaded_file)
    check_not_duplicate(document, digest)
    return {"kind": kind, "sha256": digest}


def add_version(
    document,
    uploaded_file,
    user=None,
    *,
    label="",
    published_on=None,
    notes="",
    status=None,
    prepared=None,
):
    """Store a new version of ``document`` (``status`` pending or approved). Raises
    ``ValidationError`` with a French message when the file is refused; on any error nothing is
    left behind (no row, no file)."""
    from library.models import DocumentVersion

    prepared = prepared or prepare_upload(uploaded_file, document)
    status = status or DocumentVersion.Status.APPROVED
    version = DocumentVersion(
        document=document,
        label=label or "",
        published_on=published_on or timezone.localdate(),
        original_filename=strip_invisible((uploaded_file.name or "document").rsplit("/", 1)[-1])[
            :255
        ],
        file_kind=prepared["kind"],
        size=uploaded_file.size,
        sha256=prepared["sha256"],
        content_type=content_type_for(prepared["kind"]),
        extracted_text=extract_text(uploaded_file, prepared["kind"]),
        notes=notes or "",
        status=status,
        uploaded_by=user if user and user.is_authenticated else None,
    )
    stored_name = None
    try:
        with transaction.atomic():
            # Lock the document row: two uploads at once get distinct numbers.
            type(document).objects.select_for_update().filter(pk=document.pk).first()
            check_not_duplicate(document, prepared["sha256"])
            version.number = (
                DocumentVersion.objects.filter(document=document).aggregate(n=Max("number"))["n"]
                or 0
            ) + 1
            uploaded_file.seek(0)
            version.file.save(version.original_filename, uploaded_file, save=False)
            stored_name = version.file.name
            version.save()
    except IntegrityError as error:
        _delete_stored(version, stored_name)
        raise ValidationError(
            _("Ce fichier a déjà été déposé pour ce document : choisissez un autre fichier."),
            code="duplicate",
        ) from error
    except BaseException:
        _delete_stored(version, stored_name)
        raise
    _delete_if_rolled_back(version)
    document.__dict__.pop("current_version", None)
    return version


def _delete_stored(version, name):
    if name:
        _delete_name(version.file.storage, name)


def _delete_if_rolled_back(version):
    """When an OUTER transaction (the request's) rolls back after the version was written, the
    row disappears: its file must go too. The file is remembered on the (thread-local) database
    connection; ``sweep_rolled_back_files`` deletes it once the outermost transaction has ended
    without committing."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    state = {"committed": False, "storage": version.file.storage, "name": version.file.name}

    def committed():
        state["committed"] = True

    transaction.on_commit(committed)
    watched = connection.__dict__.setdefault("library_uncommitted_files", [])
    watched.append(state)


def sweep_rolled_back_files(**kwargs) -> None:
    """Connected to ``request_finished``: files whose transaction never committed are deleted."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        return
    watched = connection.__dict__.pop("library_uncommitted_files", [])
    for state in watched:
        if not state["committed"]:
            _delete_name(state["storage"], state["name"])


def _delete_name(storage, name):
    try:
        storage.delete(name)
    except OSError:  # pragma: no cover - best effort
        logger.warning("Fichier de bibliothèque orphelin non supprimé : %s", name)


def delete_version(version) -> None:
    """Remove a version row; its file follows once committed (``library.signals``)."""
    version.delete()


def record_download(version) -> None:
    """Count one download of a version and of its document, atomically."""
    from library.models import DocumentVersion, LibraryDocumentPage

    DocumentVersion.objects.filter(pk=version.pk).update(download_count=F("download_count") + 1)
    LibraryDocumentPage.objects.filter(pk=version.document_id).update(
        download_count=F("download_count") + 1
    )


def unique_slug(index, title: str) -> str:
    from library.models import RESERVED_SLUGS

    base = (slugify(title) or "document")[:60].strip("-") or "document"
    slug, number = base, 1
    siblings = index.get_children()
    while slug in RESERVED_SLUGS or siblings.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def propose_document(user, index, data: dict, uploaded_file, prepared=None):
    """A territory team proposes a document: an unpublished page under the index, its first
    version, and the « Validation bibliothèque » workflow started (facilitators validate).
    All or nothing: on any error, no page, no version, no file."""
    from library.models import DocumentVersion, LibraryDocumentPage
    from library.permissions import proposal_territories
    from library.workflow import ensure_library_workflow

    territory = data["territory"]
    if not proposal_territories(user).filter(pk=territory.pk).exists():
        raise LibraryError(
            _(
                "Vous ne pouvez proposer un document qu’au nom d’un territoire dont vous êtes "
                "membre."
            )
        )
    prepared = prepared or prepare_upload(uploaded_file)
    written = []
    try:
        with transaction.atomic():
            document = LibraryDocumentPage(
                title=data["title"],
                slug=unique_slug(index, data["title"]),
                summary=data["summary"],
                kind=data["kind"],
                origin=LibraryDocumentPage.Origin.TERRITORY,
                territory=territory,
                access=data["access"],
                owner=user,
                live=False,
            )
            index.add_child(instance=document)
            for field in ("audiences", "barriers", "benefits", "action_types", "partners"):
                getattr(document, field).set(data.get(field) or [])
            document.save()
            version = add_version(
                document,
                uploaded_file,
                user,
                label=data.get("version_label", ""),
                published_on=data.get("published_on"),
                notes=data.get("notes", ""),
                status=DocumentVersion.Status.APPROVED,
                prepared=prepared,
            )
            written.append(version)
            document.save_revision(user=user, log_action=True)
            workflow = document.get_workflow() or ensure_library_workflow(index)
            workflow.start(document, user)
    except BaseException:
        for version in written:
            _delete_stored(version, version.file.name)
        raise
    return document
