import shutil
import uuid

import pytest


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path_factory):
    """Each test writes the library files in its own folder under test-artifacts/."""
    from pathlib import Path

    root = Path(settings.BASE_DIR) / "test-artifacts" / "private-media" / uuid.uuid4().hex
    settings.PRIVATE_MEDIA_ROOT = str(root)
    yield root
    shutil.rmtree(root, ignore_errors=True)
