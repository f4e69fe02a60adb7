"""Backend selection: ``get_backend()`` is what the site calls.

- ``ELASTICSEARCH_URL`` set → the Elasticsearch backend (``search.backends.elasticsearch``),
  when it can be imported and built; otherwise the database backend, and a logged warning;
- otherwise the database backend of the default connection: PostgreSQL → ``PostgresBackend``,
  SQLite → ``SQLiteBackend``.

``search.services.search`` also falls back to the database backend (logged) when a search on
Elasticsearch fails; indexing always keeps the database index up to date, so the fallback
finds everything."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

DATABASE_BACKENDS = {
    "postgresql": "search.backends.postgres.PostgresBackend",
    "sqlite": "search.backends.sqlite.SQLiteBackend",
}
ELASTICSEARCH_BACKEND = "search.backends.elasticsearch.ElasticsearchBackend"

_cache: dict[str, object] = {}


def get_database_backend():
    vendor = connection.vendor
    if vendor not in _cache:
        path = DATABASE_BACKENDS.get(vendor)
        if path is None:
            raise RuntimeError(f"No search backend for the database engine {vendor!r}.")
        _cache[vendor] = import_string(path)()
    return _cache[vendor]


def get_external_backend():
    """The Elasticsearch backend when configured and importable, else None (logged)."""
    url = getattr(settings, "ELASTICSEARCH_URL", "")
    if not url:
        return None
    key = f"es:{url}"
    if key not in _cache:
        path = getattr(settings, "SEARCH_ELASTICSEARCH_BACKEND", ELASTICSEARCH_BACKEND)
        try:
            _cache[key] = import_string(path)(url=url)
        except Exception:  # noqa: BLE001 — never break the site for the external engine
            logger.warning("Elasticsearch backend unavailable, using the database", exc_info=True)
            return None
    return _cache[key]


def get_backend():
    """The backend that answers searches: the database one while the external engine is
    marked unavailable (it failed less than a few seconds ago: no request waits on it)."""
    external = get_external_backend()
    if external is not None and getattr(external, "available", lambda: True)():
        return external
    if external is not None:
        logger.warning("Elasticsearch marked unavailable: searching the database")
    return get_database_backend()


def index_backends():
    """Backends whose index follows the ``SearchDocument`` table: always the database one
    (so the fallback is complete), plus Elasticsearch when configured."""
    backends = [get_database_backend()]
    external = get_external_backend()
    if external is not None:
        backends.append(external)
    return backends


def reset_cache():
    _cache.clear()
