"""PostgreSQL: a full rebuild writes a new document table and swaps it in (issue #7, measured in
bench/search.py).

Generating the weighted ``tsvector`` columns is most of a rebuild's time, and PostgreSQL runs one
statement on one core. Writing every row again into the live table also maintains its GIN
indexes row by row, and keeps the previous rows until the end. Instead:

1. ``search_searchdocument_next`` is created ``LIKE`` the live table (columns, generated
   columns, storage, check constraints), without indexes;
2. the documents are written into it with ``COPY`` by ``WORKERS`` connections at once (threads:
   each connection's server process generates its rows' vectors, on its own core), while the
   calling thread builds the next rows;
3. the live table's indexes and constraints (read from the catalogue, so that a migration that
   adds one is followed) are built on the new table, then ``ANALYZE`` (the search paths choose
   from the planner's estimates, see ``search.backends.postgres.planner``);
4. one short transaction drops the live table and renames the new one, its sequence, indexes and
   constraints to the live names. Searches keep reading the previous table until then, and wait
   at most for that transaction (``lock_timeout``, retried).

When the caller already holds a transaction (tests, ``load_demo``), the same steps run on its
connection, inside it, without other connections (which could not see the new table).

Changes made while a rebuild runs: ``search.indexing.process_pending`` leaves its rows pending
while ``rebuild_lock`` is held (``updates_allowed``), and the rebuild processes them once the new
table is live. A rebuild that fails drops its new table; the live one is untouched. The table's
grants are not copied: the application's role owns both tables."""

from __future__ import annotations

import itertools
import logging
import queue
import re
import threading
import time
from collections.abc import Iterable
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections, transaction

logger = logging.getLogger(__name__)

# Any bigint: taken exclusively by a rebuild, shared by the processing of pending updates.
REBUILD_LOCK = 7_418_120_001
ROWS_PER_BATCH = 100
COPY_BATCH = 500  # one connection: rows made, then written
SWAP_LOCK_TIMEOUT = "2s"
SWAP_ATTEMPTS = 5
LOCK_NOT_AVAILABLE = "55P03"


def workers() -> int:
    return max(1, int(getattr(settings, "SEARCH_REBUILD_WORKERS", 2)))


def _tables():
    from search.models import SearchDocument

    live = SearchDocument._meta.db_table
    return live, f"{live}_next"


def _fields():
    from search.models import SearchDocument

    return [field for field in SearchDocument._meta.concrete_fields if not field.primary_key]


@contextmanager
def rebuild_lock():
    """Held for the whole rebuild: a second rebuild waits for the first one."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [REBUILD_LOCK])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [REBUILD_LOCK])


@contextmanager
def updates_allowed():
    """True unless another session is rebuilding; held while the updates are applied, so that
    a rebuild starts after them (and reads the content they were made from)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock_shared(%s)", [REBUILD_LOCK])
        allowed = cursor.fetchone()[0]
    try:
        yield allowed
    finally:
        if allowed:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock_shared(%s)", [REBUILD_LOCK])


def replace(documents: Iterable, progress=None) -> int:
    """Replace every row of the document table by ``documents`` (unsaved ``SearchDocument``
    instances). Returns how many were written."""
    live, new = _tables()
    parallel = workers() > 1 and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TABLE IF EXISTS "{new}"')
        cursor.execute(f'CREATE TABLE "{new}" (LIKE "{live}" INCLUDING ALL EXCLUDING INDEXES)')
    try:
        started = time.perf_counter()
        rows = _rows(documents, progress)
        if parallel:
            count = _copy_in_parallel(new, rows, workers())
        else:
            with connection.cursor() as cursor:
                count = _copy(cursor, new, rows)
        written = time.perf_counter()
        renames = _build_indexes(live, new)
        indexed = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f'ANALYZE "{new}"')
        analysed = time.perf_counter()
        _swap(live, new, renames)
        logger.info(
            "Search table rebuilt: %s documents written in %.1f s (%s connections), indexed "
            "in %.1f s, analysed in %.1f s, swapped in %.2f s",
            count,
            written - started,
            workers() if parallel else 1,
            indexed - written,
            analysed - indexed,
            time.perf_counter() - analysed,
        )
    except BaseException:
        # Inside the caller's transaction, its rollback drops the new table.
        if not connection.in_atomic_block:
            try:
                with connection.cursor() as cursor:
                    cursor.execute(f'DROP TABLE IF EXISTS "{new}"')
            except Exception:  # noqa: BLE001 — the first error is the one to report
                logger.warning("Could not drop %s after a failed rebuild", new, exc_info=True)
        raise
    return count


def _rows(documents: Iterable, progress):
    """COPY rows of the documents, as ``bulk_create`` would write them."""
    from search.models import facet_keys_for

    fields = _fields()
    done = 0
    for document in documents:
        document.facet_keys = facet_keys_for(document.facets)  # what save() does
        yield [
            field.get_db_prep_save(field.pre_save(document, True), connection) for field in fields
        ]
        done += 1
        if progress and done % 500 == 0:
            progress(500)
    if progress and done % 500:
        progress(done % 500)


def _copy_sql(table: str) -> str:
    columns = ", ".join(f'"{field.column}"' for field in _fields())
    return f'COPY "{table}" ({columns}) FROM STDIN'


def _copy(cursor, table: str, rows) -> int:
    """One ``COPY`` per batch: making the rows reads the sources on this same connection,
    which cannot run a query while a ``COPY`` is open."""
    count = 0
    rows = iter(rows)
    while batch := list(itertools.islice(rows, COPY_BATCH)):
        with cursor.cursor.copy(_copy_sql(table)) as copy:
            for row in batch:
                copy.write_row(row)
        count += len(batch)
    return count


def _copy_in_parallel(table: str, rows, count_workers: int) -> int:
    """``count_workers`` threads, each with its own connection and one ``COPY``; this thread
    builds the rows and hands them over in batches."""
    batches: queue.Queue = queue.Queue(maxsize=count_workers * 4)
    errors: list[BaseException] = []

    def work():
        own = connections[DEFAULT_DB_ALIAS]
        try:
            with own.cursor() as cursor, cursor.cursor.copy(_copy_sql(table)) as copy:
                while (batch := batches.get()) is not None:
                    for row in batch:
                        copy.write_row(row)
        except BaseException as error:  # noqa: BLE001 — reported by the calling thread
            errors.append(error)
        finally:
            own.close()

    def put(item) -> None:
        while True:
            if errors:
                raise errors[0]
            try:
                batches.put(item, timeout=0.5)
                return
            except queue.Full:
                continue

    threads = [
        threading.Thread(target=work, name=f"search-rebuild-{n}", daemon=True)
        for n in range(count_workers)
    ]
    for thread in threads:
        thread.start()
    count = 0
    try:
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == ROWS_PER_BATCH:
                put(batch)
                count += len(batch)
                batch = []
        if batch:
            put(batch)
            count += len(batch)
    finally:
        for _ in threads:  # one end mark for each worker still reading
            while any(thread.is_alive() for thread in threads):
                try:
                    batches.put(None, timeout=0.5)
                    break
                except queue.Full:
                    continue
        for thread in threads:
            thread.join()
    if errors:
        raise errors[0]
    return count


INDEX_DEF = re.compile(r"^(CREATE (?:UNIQUE )?INDEX) (\S+) (ON (?:ONLY )?)(\S+) (.*)$", re.S)


def _build_indexes(live: str, new: str) -> list[tuple[str, str, str]]:
    """Build on ``new`` the indexes and the constraints (primary key, unique, foreign keys) of
    ``live``, under temporary names. Returns the renames to make once ``new`` is live:
    (kind, temporary name, live name)."""
    renames = []
    with connection.cursor() as cursor:
        # Enough memory to build a GIN index in one pass (the default 64 MB merges runs).
        cursor.execute("SET maintenance_work_mem = '256MB'")
        try:
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype IN ('p', 'u', 'f', 'x') "
                "ORDER BY contype DESC, conname",  # primary key first
                [live],
            )
            for number, (name, definition) in enumerate(cursor.fetchall()):
                temporary = f"czn_next_c{number}"
                cursor.execute(f'ALTER TABLE "{new}" ADD CONSTRAINT "{temporary}" {definition}')
                renames.append(("constraint", temporary, name))
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid "
                "AND c.conrelid = x.indrelid) ORDER BY i.relname",
                [live],
            )
            for number, (name, definition) in enumerate(cursor.fetchall()):
                match = INDEX_DEF.match(definition)
                if match is None:
                    raise RuntimeError(f"Unexpected index definition: {definition}")
                temporary = f"czn_next_i{number}"
                cursor.execute(f'{match[1]} "{temporary}" {match[3]}"{new}" {match[5]}')
                renames.append(("index", temporary, name))
        finally:
            cursor.execute("RESET maintenance_work_mem")
    return renames


def _swap(live: str, new: str, renames) -> None:
    """Drop the live table and give the new one its name, in one short transaction. Searches
    running on the live table make it wait: ``lock_timeout`` short (readers queue behind the
    lock), then tried again."""
    outer = connection.in_atomic_block
    for attempt in range(1, SWAP_ATTEMPTS + 1):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = '{SWAP_LOCK_TIMEOUT}'")
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [live])
                live_sequence = cursor.fetchone()[0]
                cursor.execute(f'LOCK TABLE "{live}" IN ACCESS EXCLUSIVE MODE')
                if outer:
                    # Rows the caller's transaction wrote have foreign key checks deferred to
                    # its commit, which forbid dropping their table: run them now (then back to
                    # Django's « initially deferred »).
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f'DROP TABLE "{live}"')
                if outer:
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                cursor.execute(f'ALTER TABLE "{new}" RENAME TO "{live}"')
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [live])
                new_sequence = cursor.fetchone()[0]
                if live_sequence and new_sequence:
                    cursor.execute(
                        f"ALTER SEQUENCE {new_sequence} RENAME TO "
                        f"{live_sequence.rsplit('.', 1)[-1]}"
                    )
                for kind, temporary, name in renames:
                    if kind == "constraint":
                        cursor.execute(
                            f'ALTER TABLE "{live}" RENAME CONSTRAINT "{temporary}" TO "{name}"'
                        )
                    else:
                        cursor.execute(f'ALTER INDEX "{temporary}" RENAME TO "{name}"')
            return
        except OperationalError as error:
            waited = getattr(error.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE
            if not waited or attempt == SWAP_ATTEMPTS:
                raise
            logger.info("Search table swap waited for readers, attempt %s", attempt)
            time.sleep(0.5 * attempt)
