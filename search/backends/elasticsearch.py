"""Elasticsearch backend (``ELASTICSEARCH_URL``), through elasticsearch-dsl.

- Index: ``search.es_documents`` (French analyzer, mapping); read and written through the alias
  ``czn-search`` (``SEARCH_ELASTICSEARCH_INDEX``). ``rebuild()`` fills a new concrete index
  ``czn-search-<timestamp>`` then moves the alias in one atomic ``_aliases`` call and deletes
  the old indices: searches never see an empty or half-filled index.
- Requests (``search.backends.elasticsearch_bodies``): each clause of ``search.query`` a
  ``multi_match`` over title^10, extra^4, text (words also fuzzy, scored lower), documents with
  every clause first, then those with most of them (as on the database backends); visibility
  keys (and ``since``) are ``filter`` clauses inside the query: totals, facet counts,
  highlights and suggestions only ever see what the person may read. Facet counts by
  aggregations, with the same semantics as ``search.backends.database.count_facets``.
- Highlighting: private-use sentinels as pre/post tags, then everything is escaped and only the
  sentinels become ``<mark>`` (``search.snippets.sentinels_to_html``).
- Failures: a connection error marks the engine unavailable for ``RETRY_SECONDS`` (searches go
  to the database backend meanwhile, see ``search.backends.get_backend``); index updates that
  could not be sent are retried by the Celery task ``search.tasks.sync_elasticsearch``."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.safestring import mark_safe
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout, TransportError
from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers

from search import es_documents, snippets
from search.backends.base import FACET_PARAMS, Hit, SearchBackend, SearchQuery, SearchResults
from search.backends.elasticsearch_bodies import (
    DEFAULT_ALIAS,
    build_search,
    build_suggest,
    document_body,
)

logger = logging.getLogger(__name__)

BULK_CHUNK = 500
RETRY_SECONDS = 30
# Errors that mean "the engine is not answering": fall back, and retry index updates later.
UNREACHABLE = (TransportConnectionError, ConnectionTimeout, TransportError)


class ElasticsearchUnavailable(Exception):
    """Raised without trying when the engine failed less than ``RETRY_SECONDS`` ago."""


# --- The backend -----------------------------------------------------------------------------


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"
    is_database = False

    _lock = threading.Lock()
    _down_until = 0.0  # monotonic time until which the engine is not tried (per process)

    def __init__(self, url: str | None = None, client=None, alias: str | None = None):
        self.url = url or getattr(settings, "ELASTICSEARCH_URL", "")
        self.alias = alias or getattr(settings, "SEARCH_ELASTICSEARCH_INDEX", DEFAULT_ALIAS)
        self.replicas = getattr(settings, "SEARCH_ELASTICSEARCH_REPLICAS", 0)
        self.refresh = getattr(settings, "SEARCH_ELASTICSEARCH_REFRESH", False)
        self.client = client or Elasticsearch(
            self.url,
            request_timeout=getattr(settings, "SEARCH_ELASTICSEARCH_TIMEOUT", 5),
            max_retries=1,
            retry_on_timeout=False,
        )
        self._alias_checked = False

    # --- availability -------------------------------------------------------------------------

    @classmethod
    def available(cls) -> bool:
        return time.monotonic() >= cls._down_until

    @classmethod
    def mark_down(cls) -> None:
        with cls._lock:
            cls._down_until = time.monotonic() + getattr(
                settings, "SEARCH_ELASTICSEARCH_RETRY_SECONDS", RETRY_SECONDS
            )

    @classmethod
    def mark_up(cls) -> None:
        cls._down_until = 0.0

    def _call(self, function, *args, **kwargs):
        if not self.available():
            raise ElasticsearchUnavailable(self.url)
        try:
            return function(*args, **kwargs)
        except UNREACHABLE:
            self.mark_down()
            raise
        except NotFoundError:
            # No index behind the alias (never built, or deleted): the database answers
            # meanwhile, and the engine is asked again in RETRY_SECONDS.
            self.mark_down()
            self._alias_checked = False
            raise

    # --- search -------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        search = build_search(query, index=self.alias, using=self.client)
        response = self._call(search.execute).to_dict()
        results = SearchResults(query=query, backend=self.name)
        total = response["hits"]["total"]
        results.total = total["value"] if isinstance(total, dict) else int(total)
        aggregations = response.get("aggregations", {})
        if "all_clauses" in aggregations:
            results.all_clauses_total = aggregations["all_clauses"]["doc_count"]
        if query.with_facets:
            results.facet_counts = {
                param: {
                    bucket["key"]: bucket["doc_count"]
                    for bucket in aggregations.get(f"facet_{param}", {})
                    .get("values", {})
                    .get("buckets", [])
                }
                for param in FACET_PARAMS
            }
            results.facet_counts = {k: v for k, v in results.facet_counts.items() if v}
        stems = frozenset(stem for clause in query.parsed.clauses for stem in clause.stems)
        results.hits = [self._hit(raw, stems) for raw in response["hits"]["hits"]]
        return results

    @staticmethod
    def _hit(raw: dict, stems: frozenset[str]) -> Hit:
        source = raw.get("_source", {})
        highlight = raw.get("highlight", {})
        title = source.get("title", "")
        if highlight.get("title"):
            title_html = snippets.sentinels_to_html(highlight["title"][0])
        else:
            title_html = snippets.highlight(title, stems)
        if highlight.get("text"):
            snippet = mark_safe(  # noqa: S308 — escaped by sentinels_to_html
                " … ".join(snippets.sentinels_to_html(part) for part in highlight["text"])
            )
        else:
            snippet = snippets.snippet(source.get("excerpt", ""), stems)
        date = parse_datetime(source["date"]) if source.get("date") else None
        if date is not None and timezone.is_naive(date):
            date = timezone.make_aware(date, timezone.utc)
        return Hit(
            id=int(raw["_id"]),
            type=source.get("type", ""),
            title=title,
            url=source.get("url", ""),
            territory_name=source.get("territory_name", ""),
            territory_slug=source.get("territory_slug", ""),
            date=date,
            snippet=snippet,
            title_html=title_html,
            score=float(raw.get("_score") or 0),
            content_type_id=source.get("content_type_id"),
            object_id=source.get("object_id"),
        )

    def suggest(self, prefix: str, visibility: Iterable[str], limit: int = 8) -> list[Hit]:
        search = build_suggest(prefix, visibility, limit, index=self.alias, using=self.client)
        if search is None:
            return []
        response = self._call(search.execute).to_dict()
        return [
            Hit(
                id=int(raw["_id"]),
                type=raw["_source"].get("type", ""),
                title=raw["_source"].get("title", ""),
                url=raw["_source"].get("url", ""),
                territory_name=raw["_source"].get("territory_name", ""),
            )
            for raw in response["hits"]["hits"]
        ]

    # --- index maintenance --------------------------------------------------------------------

    def new_index_name(self) -> str:
        return f"{self.alias}-{timezone.now().strftime('%Y%m%d%H%M%S%f')}"

    def alias_exists(self) -> bool:
        """Whether the index was built (``search_reindex``). Until it is, updates are not sent
        (a partial index would hide documents) and searches fail over to the database."""
        if not self._alias_checked:
            self._alias_checked = bool(self.client.indices.exists_alias(name=self.alias))
        return self._alias_checked

    def index(self, documents: Iterable) -> None:
        documents = list(documents)
        if not documents:
            return
        try:
            if not self._call(self.alias_exists):
                logger.warning("No Elasticsearch index yet: run `manage.py search_reindex`")
                return
            self._call(
                helpers.bulk,
                self.client,
                (
                    {"_index": self.alias, "_id": document.pk, "_source": document_body(document)}
                    for document in documents
                ),
                chunk_size=BULK_CHUNK,
                refresh=self.refresh,
            )
        except (ElasticsearchUnavailable, *UNREACHABLE):
            self.defer([document.pk for document in documents])

    def delete(self, document_ids: Iterable[int]) -> None:
        ids = list(document_ids)
        if not ids:
            return
        try:
            self._call(
                helpers.bulk,
                self.client,
                ({"_op_type": "delete", "_index": self.alias, "_id": pk} for pk in ids),
                chunk_size=BULK_CHUNK,
                refresh=self.refresh,
                ignore_status=(404,),
            )
        except (ElasticsearchUnavailable, *UNREACHABLE):
            self.defer(ids)

    @staticmethod
    def defer(ids: list[int]) -> None:
        """Retry later (Celery, with backoff): ``sync_ids`` makes the engine match the table."""
        logger.warning("Elasticsearch unreachable: %s document(s) queued for retry", len(ids))
        if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
            return  # no worker to retry later: `manage.py search_reindex` catches up
        from search import tasks

        try:
            tasks.sync_elasticsearch.apply_async(args=[ids], countdown=RETRY_SECONDS)
        except Exception:  # noqa: BLE001 — broker down too: the next reindex catches up
            logger.warning("Broker unreachable: Elasticsearch retry not queued", exc_info=True)

    def sync_ids(self, ids: Iterable[int]) -> None:
        """Index the rows that exist, delete the others (idempotent; raises when unreachable,
        for the task to retry)."""
        from search.models import SearchDocument

        ids = list(ids)
        self.mark_up()  # the task is a retry: try the engine again
        present = list(SearchDocument.objects.filter(pk__in=ids))
        found = {document.pk for document in present}
        missing = [pk for pk in ids if pk not in found]
        if not self.alias_exists():
            return  # never built: `search_reindex` will index everything
        if present:
            helpers.bulk(
                self.client,
                ({"_index": self.alias, "_id": d.pk, "_source": document_body(d)} for d in present),
                chunk_size=BULK_CHUNK,
            )
        if missing:
            helpers.bulk(
                self.client,
                ({"_op_type": "delete", "_index": self.alias, "_id": pk} for pk in missing),
                chunk_size=BULK_CHUNK,
                ignore_status=(404,),
            )

    def rebuild(self, progress=None) -> int:
        """New concrete index, filled in bulk, then the alias swapped atomically and the old
        indices deleted. On failure the new index is deleted and the alias left untouched."""
        from search.models import SearchDocument

        self.mark_up()
        name = self.new_index_name()
        self.client.indices.create(
            index=name,
            **es_documents.index_body(name, replicas=0, refresh_interval="-1"),
        )
        count = 0
        try:
            queryset = SearchDocument.objects.order_by("pk")

            def actions():
                nonlocal count
                for document in queryset.iterator(chunk_size=2000):
                    count += 1
                    if progress and count % BULK_CHUNK == 0:
                        progress(BULK_CHUNK)
                    yield {"_index": name, "_id": document.pk, "_source": document_body(document)}

            helpers.bulk(self.client, actions(), chunk_size=BULK_CHUNK)
            if progress and count % BULK_CHUNK:
                progress(count % BULK_CHUNK)
            self.client.indices.put_settings(
                index=name,
                settings={"index": {"refresh_interval": "1s", "number_of_replicas": self.replicas}},
            )
            self.client.indices.refresh(index=name)
            self.swap_alias(name)
        except Exception:
            self.client.indices.delete(index=name, ignore_unavailable=True)
            raise
        self._alias_checked = True
        return count

    def swap_alias(self, name: str) -> None:
        """Point the alias at ``name`` only (one atomic ``_aliases`` request), then delete the
        indices it pointed at before. A concrete index named like the alias (left by an older
        setup) is removed in the same request."""
        old: list[str] = []
        actions: list[dict] = []
        if self.client.indices.exists_alias(name=self.alias):
            old = [
                index for index in self.client.indices.get_alias(name=self.alias) if index != name
            ]
        elif self.client.indices.exists(index=self.alias):
            actions.append({"remove_index": {"index": self.alias}})
        actions += [{"remove": {"index": index, "alias": self.alias}} for index in old]
        actions.append({"add": {"index": name, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        for index in old:
            try:
                self.client.indices.delete(index=index, ignore_unavailable=True)
            except ApiError:
                logger.warning("Old search index %s not deleted", index, exc_info=True)

    def vocabulary(self) -> list[str]:
        return []
