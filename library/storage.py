"""Where the library's files live: outside MEDIA_ROOT (setting ``PRIVATE_MEDIA_ROOT``), so that no
web server serves them directly. Every download goes through ``library.views.download``, which
checks who may read the document (and, behind nginx, hands over with X-Accel-Redirect).

The location is read from the settings at each access (tests move ``PRIVATE_MEDIA_ROOT``), and
the files have no public URL at all."""

import os
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    def __init__(self, **kwargs):
        kwargs.setdefault("base_url", None)
        super().__init__(**kwargs)

    @property
    def location(self):
        return os.path.abspath(str(settings.PRIVATE_MEDIA_ROOT))

    def url(self, name):
        raise ValueError("Les fichiers de la bibliothèque n’ont pas d’adresse publique.")


private_storage = PrivateStorage()


def get_private_storage() -> FileSystemStorage:
    """The storage of ``DocumentVersion.file`` (a callable, so migrations do not freeze it)."""
    return private_storage


def version_upload_to(instance, filename: str) -> str:
    """A random name under the document's folder; the original name is kept on the version."""
    extension = PurePath(filename).suffix.lower()[:10]
    folder = instance.document_id or "nouveaux"
    return f"bibliotheque/{folder}/{uuid.uuid4().hex}{extension}"
