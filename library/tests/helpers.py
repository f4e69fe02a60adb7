"""Test helpers: small real files of every format (the documents:
``library.tests.factories.LibraryDocumentFactory``)."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from library import demo


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


def make_document(access="public", title="Document témoin", kind="outil", **fields):
    """A document (the cache tests of website/tests import it): ``LibraryDocumentFactory``."""
    from library.tests.factories import LibraryDocumentFactory

    return LibraryDocumentFactory(access=access, title=title, kind_slug=kind, **fields)
