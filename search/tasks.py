"""Celery tasks of the search index. Idempotent: each refreshes documents from the current
state of the content, whatever ran before."""

import logging

from celery import shared_task
from django.utils import timezone

logger = logging.getLogger(__name__)

LAST_REBUILD_KEY = "search:last-rebuild"


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def process_pending():
    """Refresh the documents of the objects changed since the last run (queued after each
    commit; also every 5 minutes by beat, in case the broker was down at commit time)."""
    from search import indexing

    return indexing.process_all_pending()


@shared_task
def rebuild_index():
    """The whole index built again (asked from the admin screen « Index de recherche »); the
    same as ``manage.py search_reindex``. Readers keep the previous index until it commits."""
    from django.core.cache import cache

    from search import indexing

    count = indexing.rebuild()
    cache.set(LAST_REBUILD_KEY, {"at": timezone.now(), "documents": count}, None)
    return count


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def refresh_category_threads(category_id):
    """A forum category changed its visibility (or territory, or name): its threads' documents
    carry the category's visibility key and name, so they are all written again."""
    from forum.models import Thread
    from search import indexing

    for thread_id in (
        Thread.objects.filter(category_id=category_id)
        .values_list("pk", flat=True)
        .iterator(chunk_size=2000)
    ):
        indexing.refresh("forum.thread", thread_id)


# Elasticsearch (when ELASTICSEARCH_URL is set): index updates that could not be sent.
def _elasticsearch_errors():
    from elastic_transport import TransportError

    return (TransportError,)


@shared_task(bind=True, max_retries=8)
def sync_elasticsearch(self, document_ids):
    """Make Elasticsearch match the table for these documents (index the rows that exist,
    delete the others); idempotent. Retried with exponential backoff (30 s … ~2 h) while the
    engine does not answer."""
    from search import backends

    backend = backends.get_external_backend()
    if backend is None:
        return
    try:
        backend.sync_ids(document_ids)
    except _elasticsearch_errors() as error:
        raise self.retry(exc=error, countdown=min(30 * 2**self.request.retries, 7200)) from error


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def send_saved_search_alerts(frequency=None):
    """Beat: the daily alerts every day at 7:30, the weekly ones on Monday at 7:30. Idempotent
    (a saved search already sent today / this week is skipped). Returns the e-mails queued."""
    from search import saved

    return saved.send_alerts(frequency)
