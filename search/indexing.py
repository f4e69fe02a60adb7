"""Keeping the ``SearchDocument`` table (and every backend's index) in step with the content.

- ``schedule(model_label, pk)``: called by the signals inside the writer's transaction; writes a
  ``PendingIndex`` row there, and after commit asks Celery to process it (immediately when
  tasks run eagerly). A broker outage leaves the row: ``search.tasks.process_pending`` (beat,
  every 5 minutes) catches up.
- ``refresh(model_label, pk)``: builds the object's document from its source and writes it, or
  deletes it when the object is gone or must not be found (draft, unpublished, restricted).
  Idempotent: running it twice gives the same rows.
- ``rebuild(progress)``: every source, in batches (``bulk_create``), then each backend's
  ``rebuild()`` (FTS5 rows in ``executemany`` batches; the PostgreSQL ``tsvector`` is generated
  by the database as rows are written)."""

from __future__ import annotations

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from search import backends, sources
from search.models import PendingIndex, SearchDocument, facet_keys_for

logger = logging.getLogger(__name__)

BATCH = 500


def _content_type(source: sources.Source) -> ContentType:
    return ContentType.objects.get_for_model(source.model, for_concrete_model=True)


def invalidate_cached_pages() -> None:
    """Anonymous pages (the search page included) are cached whole by ``website.page_cache``:
    once the index changed, they must be built again."""
    try:
        from website import page_cache
    except ImportError:
        return
    page_cache.bump()


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


def process_pending(limit: int = 2000) -> int:
    """Refresh the documents of the pending objects (oldest first); returns the count."""
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


@transaction.atomic
def rebuild(progress=None, backend_progress=None) -> int:
    """Rebuild the whole table from the sources, then every backend's index. ``progress`` is
    called with the number of objects handled since the last call; ``backend_progress(backend)``
    (optional) returns such a callable for the rebuild of an external backend (Elasticsearch).
    Returns the documents count. One transaction: readers keep the previous index until it
    commits."""
    # One DELETE (no per-row cascade collection).
    SearchDocument.objects.all()._raw_delete(SearchDocument.objects.db)
    PendingIndex.objects.all().delete()
    total = 0
    for source in sources.available_sources():
        content_type = _content_type(source)
        batch: list[SearchDocument] = []
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
                batch.append(
                    SearchDocument(content_type=content_type, object_id=obj.pk, **data.finalised())
                )
            if len(batch) >= BATCH:
                total += _write_batch(batch)
                if progress:
                    progress(len(batch))
                batch = []
        if batch:
            total += _write_batch(batch)
            if progress:
                progress(len(batch))
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
    invalidate_cached_pages()
    return total


def _write_batch(batch: list[SearchDocument]) -> int:
    for document in batch:  # bulk_create does not call save()
        document.facet_keys = facet_keys_for(document.facets)
    return len(SearchDocument.objects.bulk_create(batch))
