"""Keeping the ``SearchDocument`` table (and every backend's index) in step with the content.

- ``schedule(model_label, pk)``: called by the signals inside the writer's transaction; writes a
  ``PendingIndex`` row there, and after commit asks Celery to process it (immediately when
  tasks run eagerly). A broker outage leaves the row: ``search.tasks.process_pending`` (beat,
  every 5 minutes) catches up.
- ``refresh(model_label, pk)``: builds the object's document from its source and writes it, or
  deletes it when the object is gone or must not be found (draft, unpublished, restricted).
  Idempotent: running it twice gives the same rows.
- ``rebuild(progress)``: every source's documents replace the table (``load``: on SQLite in
  one transaction, then the FTS5 rows; on PostgreSQL a new table written by ``COPY`` on two
  connections and swapped in), then each other backend's ``rebuild()``."""

from __future__ import annotations

import logging
import time

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from search import backends, sources
from search.models import PendingIndex, SearchDocument

logger = logging.getLogger(__name__)

PENDING_LIMIT = 2000


def _content_type(source: sources.Source) -> ContentType:
    return ContentType.objects.get_for_model(source.model, for_concrete_model=True)


# How late an anonymous search page may show a change of the index (website.cache_rules).
GRACE_SECONDS = 30


def invalidate_cached_pages() -> None:
    """The search page (and what else depends on the index) is cached: once the index
    changed, it must be built again (scope ``search``)."""
    from website import cache_rules

    cache_rules.bump("search", urgent=False)


def _notify_backends(method: str, payload) -> None:
    invalidate_cached_pages()
    for backend in backends.index_backends():
        try:
            getattr(backend, method)(payload)
        except Exception:
            if backend.is_database:
                raise
            logger.warning("Search backend %s failed to %s", backend.name, method, exc_info=True)


@transaction.atomic
def refresh(model_label: str, pk) -> SearchDocument | None:
    """Write (or delete) the search document of one object. Returns the document, if any."""
    source = sources.source_for_label(model_label)
    if source is None:
        return None
    content_type = _content_type(source)
    obj = source.get(pk)
    data = source.build(obj) if obj is not None else None
    existing = SearchDocument.objects.filter(content_type=content_type, object_id=pk).first()
    if data is None:
        if existing is not None:
            document_id = existing.pk
            existing.delete()
            _notify_backends("delete", [document_id])
        return None
    values = data.finalised()
    if existing is None:
        document = SearchDocument.objects.create(content_type=content_type, object_id=pk, **values)
    else:
        document = existing
        for name, value in values.items():
            setattr(document, name, value)
        document.save()
    _notify_backends("index", [document])
    return document


def remove(model_label: str, pk) -> None:
    """Delete the document of an object that no longer exists."""
    source = sources.source_for_label(model_label)
    if source is None:
        return
    ids = list(
        SearchDocument.objects.filter(content_type=_content_type(source), object_id=pk).values_list(
            "pk", flat=True
        )
    )
    if ids:
        SearchDocument.objects.filter(pk__in=ids).delete()
        _notify_backends("delete", ids)


# --- Deferred work --------------------------------------------------------------------------------


def schedule(model_label: str, pk) -> None:
    """Ask for the document of an object to be refreshed once the transaction commits."""
    if sources.source_for_label(model_label) is None or pk is None:
        return
    PendingIndex.objects.get_or_create(model_label=model_label.lower(), object_id=pk)
    # Several changes in one transaction queue several tasks: the first one processes every
    # pending row, the others find nothing left (one cheap query).
    transaction.on_commit(_enqueue_pending)


def schedule_documents(documents) -> int:
    """Refresh the objects of existing search documents (a ``SearchDocument`` queryset), e.g.
    after a vocabulary term or a territory they name was renamed. Returns the count."""
    from django.contrib.contenttypes.models import ContentType

    rows, labels = [], {}
    for content_type_id, object_id in documents.values_list("content_type_id", "object_id"):
        if content_type_id not in labels:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            labels[content_type_id] = model._meta.label_lower if model else None
        label = labels[content_type_id]
        if label and sources.source_for_label(label):
            rows.append(PendingIndex(model_label=label, object_id=object_id))
    if rows:
        PendingIndex.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        transaction.on_commit(_enqueue_pending)
    return len(rows)


def _enqueue_pending() -> None:
    from search import tasks

    try:
        tasks.process_pending.delay()
    except Exception:  # broker down: the periodic task catches up
        logger.warning("Broker unreachable, search index updates left pending", exc_info=True)


def process_pending(limit: int = PENDING_LIMIT) -> int:
    """Refresh the documents of the pending objects (oldest first); returns the count. Nothing
    while another session rebuilds the index: that rebuild applies them once it is done."""
    with backends.get_database_backend().updates_allowed() as allowed:
        if not allowed:
            logger.info("Search index rebuild running: pending updates left to it")
            return 0
        return _process_pending(limit)


def process_all_pending() -> int:
    """``process_pending`` until fewer than a full batch come back (or a rebuild holds the
    updates back); returns the count."""
    total = done = process_pending(PENDING_LIMIT)
    while done == PENDING_LIMIT:
        done = process_pending(PENDING_LIMIT)
        total += done
    return total


def _process_pending(limit: int) -> int:
    done = 0
    rows = list(PendingIndex.objects.order_by("created_at", "pk")[:limit])
    for row in rows:
        try:
            refresh(row.model_label, row.object_id)
        except Exception:
            logger.exception("Search indexing failed for %s %s", row.model_label, row.object_id)
            continue
        PendingIndex.objects.filter(pk=row.pk, created_at=row.created_at).delete()
        done += 1
    return done


# --- Full rebuild -------------------------------------------------------------------------------


def count_candidates() -> int:
    return sum(source.queryset().count() for source in sources.available_sources())


def rebuild(progress=None, backend_progress=None) -> int:
    """Rebuild the whole table from the sources, then every backend's index. ``progress`` is
    called with the number of documents written since the last call; ``backend_progress(backend)``
    (optional) returns such a callable for the rebuild of an external backend (Elasticsearch).
    Returns the documents count. Readers keep the previous index until the new one is complete
    (see ``load``)."""
    return load(_source_documents(), progress=progress, backend_progress=backend_progress)


def _source_documents():
    """Unsaved ``SearchDocument`` of every object that can be found, source by source."""
    for source in sources.available_sources():
        content_type = _content_type(source)
        queryset = source.queryset().order_by("pk")
        for obj in queryset.iterator(chunk_size=source.rebuild_chunk):
            try:
                data = source.build(obj)
            except Exception:
                logger.exception(
                    "Cannot build the search document of %s %s", source.model_label, obj.pk
                )
                data = None
            if data is not None:
                yield SearchDocument(
                    content_type=content_type, object_id=obj.pk, **data.finalised()
                )


def load(documents, progress=None, backend_progress=None, phases: dict | None = None) -> int:
    """Replace the whole table by ``documents`` (unsaved ``SearchDocument``), then rebuild every
    backend's index from it; then apply the updates that were left pending meanwhile.

    How the table is replaced is the database backend's: on SQLite one transaction for the
    table and its FTS5 index (writers wait); on PostgreSQL a new table swapped in
    (``search.backends.table_swap``). ``phases``, when given, receives the seconds spent writing
    the table (``table``) and rebuilding the database backend's index (``index``)."""
    database = backends.get_database_backend()
    started = time.perf_counter()
    with database.rebuild_lock(), database.rebuild_transaction():
        total = database.replace_documents(documents, progress=progress)
        written = time.perf_counter()
        for backend in backends.index_backends():
            try:
                if backend_progress is not None and not backend.is_database:
                    backend.rebuild(progress=backend_progress(backend))
                else:
                    backend.rebuild()
            except Exception:
                if backend.is_database:
                    raise
                logger.warning("Search backend %s failed to rebuild", backend.name, exc_info=True)
            if backend.is_database and phases is not None:
                phases["table"] = written - started
                phases["index"] = time.perf_counter() - written
    invalidate_cached_pages()
    process_all_pending()
    return total
