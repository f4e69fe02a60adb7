"""The full rebuild (``search.indexing.load``/``rebuild``). On PostgreSQL: a new table written by
``COPY`` on two connections and swapped in (``search.backends.table_swap``): the swapped table
has the live table's indexes, constraints, storage and sequence, a failure leaves the live
table as it was, updates made meanwhile are applied after the swap, and the swap waits for
readers. Most tests commit (``transaction=True``): the parallel path only runs outside a
transaction, since other connections cannot see an uncommitted table."""

import threading
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, connections, transaction

from search import backends, indexing, visibility
from search.backends import table_swap
from search.backends.base import SearchQuery
from search.models import PendingIndex, SearchDocument


@pytest.fixture(autouse=True)
def _forget_content_types():
    """Content types looked up here are cached by Django beyond the test's rollback."""
    yield
    ContentType.objects.clear_cache()


def documents(count, start=0, word="maraude"):
    from forum.models import Thread

    content_type = ContentType.objects.get_for_model(Thread)
    for number in range(start, start + count):
        yield SearchDocument(
            content_type=content_type,
            object_id=number,
            type="fiche",
            title=f"Fiche {word} {number}",
            extra="Entraide",
            text=f"Les {word}s du soir.",
            url=f"/fiches/{number}/",
            facets={"type": ["fiche"], "annee": ["2026"]},
            date=datetime(2026, 1, 1 + number % 28, tzinfo=UTC),
            year=2026,
            visibility="public",
        )


def found(word):
    query = SearchQuery(text=word, visibility=visibility.keys_for(None), per_page=5)
    return backends.get_database_backend().search(query).total


# Decided at collection, so that on SQLite these committing tests are skipped before their
# database is set up (and flushed).
ON_POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]
only_postgresql = pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL only (the table swap)")


def catalogue():
    """What must survive a swap: indexes, constraints, column storage, the id sequence."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s ORDER BY 1",
            [SearchDocument._meta.db_table],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass ORDER BY 1",
            [SearchDocument._meta.db_table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT attname, attstorage, attgenerated FROM pg_attribute "
            "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped ORDER BY 1",
            [SearchDocument._meta.db_table],
        )
        columns = cursor.fetchall()
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [SearchDocument._meta.db_table])
        sequence = cursor.fetchone()[0]
    return {
        "indexes": indexes,
        "constraints": constraints,
        "columns": columns,
        "sequence": sequence,
    }


def next_table_exists():
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [f"{SearchDocument._meta.db_table}_next"])
        return cursor.fetchone()[0] is not None


@pytest.mark.django_db
def test_rebuild_replaces_every_document_and_applies_pending_updates():
    indexing.load(documents(30))
    assert SearchDocument.objects.count() == 30
    assert found("maraude") == 30
    # An update queued and not yet applied (the task did not run): applied by the rebuild.
    PendingIndex.objects.create(model_label="forum.thread", object_id=123456)
    assert indexing.load(documents(12, start=100, word="permanence")) == 12
    assert SearchDocument.objects.count() == 12
    assert found("maraude") == 0
    assert found("permanence") == 12
    assert not PendingIndex.objects.exists()


@only_postgresql
@pytest.mark.django_db(transaction=True)
def test_postgresql_rebuild_on_two_connections_keeps_the_table_as_migrations_made_it(caplog):
    indexing.load(documents(5))
    before = catalogue()
    caplog.set_level("INFO", logger="search.backends.table_swap")
    assert table_swap.workers() == 2
    assert indexing.load(documents(700, word="permanence")) == 700
    assert "(2 connections)" in caplog.text
    assert catalogue() == before
    assert not next_table_exists()
    assert found("permanence") == 700
    assert found("maraude") == 0
    # The table works as before: new rows get ids, the unique constraint holds.
    extra = next(documents(1, start=5000))
    extra.save()
    assert extra.pk is not None
    duplicate = next(documents(1, start=5000))
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@only_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("in_transaction", [False, True])
def test_postgresql_failed_rebuild_leaves_the_live_table(in_transaction):
    indexing.load(documents(20))

    def failing():
        yield from documents(300, start=1000, word="permanence")
        raise RuntimeError("source unreadable")

    with pytest.raises(RuntimeError, match="source unreadable"):
        if in_transaction:
            with transaction.atomic():
                indexing.load(failing())
        else:
            indexing.load(failing())
    assert not next_table_exists()
    assert SearchDocument.objects.count() == 20
    assert found("maraude") == 20


@only_postgresql
@pytest.mark.django_db(transaction=True)
def test_postgresql_error_on_a_copy_connection_reaches_the_caller():
    indexing.load(documents(20))
    rows = list(documents(400, start=1000, word="permanence"))
    rows[250].object_id = -1  # breaks the table's check constraint, on one of the connections
    with pytest.raises(Exception, match="object_id_check"):
        indexing.load(rows)
    assert not next_table_exists()
    assert SearchDocument.objects.count() == 20


@only_postgresql
@pytest.mark.django_db(transaction=True)
def test_postgresql_updates_wait_for_a_running_rebuild():
    """While another session rebuilds, pending updates stay pending (they would be written to
    the table about to be replaced); the rebuild applies them once its table is live."""
    indexing.load(documents(3))
    PendingIndex.objects.create(model_label="forum.thread", object_id=999999)
    holding, release = threading.Event(), threading.Event()

    def rebuild_elsewhere():
        try:
            with table_swap.rebuild_lock():
                holding.set()
                release.wait(10)
        finally:
            connections["default"].close()

    other = threading.Thread(target=rebuild_elsewhere)
    other.start()
    try:
        assert holding.wait(10)
        assert indexing.process_pending() == 0
        assert PendingIndex.objects.count() == 1
    finally:
        release.set()
        other.join()
    assert indexing.process_pending() == 1
    assert not PendingIndex.objects.exists()


@only_postgresql
@pytest.mark.django_db(transaction=True)
def test_postgresql_swap_waits_for_readers(monkeypatch):
    """A search holding the live table makes the swap wait: its lock attempt times out, then
    the swap is tried again and succeeds once the reader is done."""
    indexing.load(documents(3))
    monkeypatch.setattr(table_swap, "SWAP_LOCK_TIMEOUT", "100ms")
    reading, retried = threading.Event(), threading.Event()

    def reader():
        try:
            with transaction.atomic(), connections["default"].cursor() as cursor:
                cursor.execute("SELECT count(*) FROM search_searchdocument")
                reading.set()
                retried.wait(10)  # held until the swap has had to wait
        finally:
            connections["default"].close()

    attempts = []
    real_sleep = table_swap.time.sleep

    def sleep(seconds):
        attempts.append(seconds)
        retried.set()
        real_sleep(0.2)

    monkeypatch.setattr(table_swap.time, "sleep", sleep)
    thread = threading.Thread(target=reader)
    thread.start()
    assert reading.wait(10)
    try:
        assert indexing.load(documents(8, word="permanence")) == 8
    finally:
        retried.set()
        thread.join()
    assert attempts  # waited at least once
    assert found("permanence") == 8


@only_postgresql
@pytest.mark.django_db(transaction=True)
def test_postgresql_reindex_command_reads_the_sources_while_two_connections_write(caplog):
    """The sources are read on the command's connection (server-side cursors) while the other
    connections write: every readable thread is found, the restricted one only by its team."""
    import io

    from django.core.management import call_command

    from forum import services as forum_services
    from forum.models import Category
    from forum.tests.factories import CategoryFactory
    from tests.factories import UserFactory

    author = UserFactory(old=True)
    public = CategoryFactory(slug="entraide-reconstruite")
    members = CategoryFactory(slug="membres-reconstruite", visibility=Category.Visibility.MEMBERS)
    for number in range(30):
        forum_services.create_thread(
            UserFactory(old=True),
            public,
            f"Maraude du soir numéro {number}",
            "Nous tournons avec la Croix-Rouge le mardi.",
        )
    forum_services.create_thread(
        author, members, "Maraude réservée aux membres", "Entre membres seulement."
    )
    SearchDocument.objects.all().delete()
    caplog.set_level("INFO", logger="search.backends.table_swap")
    call_command("search_reindex", stdout=io.StringIO())
    assert "(2 connections)" in caplog.text
    assert found("maraude") == 30
    members_keys = visibility.keys_for(author)
    query = SearchQuery(text="maraude", visibility=members_keys, per_page=5)
    assert backends.get_database_backend().search(query).total == 31
