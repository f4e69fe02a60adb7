"""Test helpers: small real files of every format, and documents."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from library import demo
from library.models import LibraryDocumentPage
from library.services import add_version, get_index
from taxonomy.models import DocumentKind


def upload(kind, text="Texte témoin", name=None, version=1):
    content = demo.MAKERS[kind](text, version)
    return SimpleUploadedFile(name or f"fichier.{kind}", content)


def raw(name, content: bytes):
    return SimpleUploadedFile(name, content)


def plain_zip(extra=None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "pas un document Word")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40


def make_document(
    access="public",
    title="Document témoin",
    kind="outil",
    territory=None,
    live=True,
    file_kind="pdf",
    with_file=True,
    **fields,
):
    index = get_index()
    document = LibraryDocumentPage(
        title=title,
        summary=fields.pop("summary", "Résumé du document témoin."),
        kind=DocumentKind.objects.get(slug=kind),
        access=access,
        origin="territory" if territory else "official",
        territory=territory,
        live=live,
        **fields,
    )
    index.add_child(instance=document)
    if live:
        document.save_revision().publish()
    if with_file:
        add_version(document, upload(file_kind, text=title))
    return LibraryDocumentPage.objects.get(pk=document.pk)
