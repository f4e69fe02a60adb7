"""Backup and restore (README « Sauvegarde et restauration »): scripts/backup.sh dumps the
database and the media; scripts/restore.sh puts them back into a fresh database, where the
content and the search answer. PostgreSQL only (pg_dump/pg_restore)."""

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CHECK = r"""
import django, json
django.setup()
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from website.models import ContentPage
from search.services import search
page = ContentPage.objects.live().get(slug="guide-restauration")
results, _messages = search(QueryDict("q=sauvegarde+restauree"), AnonymousUser())
print(json.dumps({"title": page.title, "hits": [hit.title for hit in results.hits]}))
"""


def _url(name: str) -> str:
    settings = connection.settings_dict
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    user = settings.get("USER") or "postgres"
    return f"postgres://{user}@{host}:{port}/{name}"


@pytest.fixture
def fresh_database():
    import psycopg

    name = f"czn_restore_{uuid.uuid4().hex[:8]}"
    admin = _url("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_then_restore_into_a_fresh_database(bootstrapped, fresh_database, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump/pg_restore: PostgreSQL only")
    if not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    from website.tests.factories import ContentPageFactory

    ContentPageFactory(
        title="Guide de la sauvegarde restaurée",
        slug="guide-restauration",
        intro="Ce guide explique comment restaurer une sauvegarde de la plateforme.",
    )
    media = tmp_path / "media"
    (media / "images").mkdir(parents=True)
    (media / "images" / "logo.txt").write_text("fichier de test")

    env = dict(
        os.environ,
        BACKUP_DIR=str(tmp_path / "backups"),
        MEDIA_ROOT=str(media),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "absent"),
        DATABASE_URL=_url(connection.settings_dict["NAME"]),
    )
    subprocess.run(
        ["bash", str(ROOT / "scripts/backup.sh")], env=env, check=True, capture_output=True
    )
    dump = next((tmp_path / "backups").glob("db-*.dump"))

    restored_media = tmp_path / "restored-media"
    env.update(DATABASE_URL=_url(fresh_database), MEDIA_ROOT=str(restored_media))
    subprocess.run(
        ["bash", str(ROOT / "scripts/restore.sh"), str(dump)],
        env=env,
        check=True,
        capture_output=True,
    )
    assert (restored_media / "images" / "logo.txt").read_text() == "fichier de test"

    check = subprocess.run(
        [sys.executable, "-c", CHECK],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="config.settings.test",
            DATABASE_URL=_url(fresh_database),
            CELERY_BROKER_URL="",
        ),
    )
    assert check.returncode == 0, check.stderr[-2000:]
    result = json.loads(check.stdout.strip().splitlines()[-1])
    assert result["title"] == "Guide de la sauvegarde restaurée"
    assert "Guide de la sauvegarde restaurée" in result["hits"]
