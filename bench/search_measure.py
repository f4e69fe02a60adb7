"""The measures of the search benchmark (``bench/search.py``), run in the child process of one
database once Django is set up: filling and timing our search, and Wagtail's stock database
search backend on the same titles and texts (model ``BenchText``, made for the benchmark)."""

from __future__ import annotations

import statistics
import time

from bench.search_data import FILTER_SETS, QUERIES, generate


def bench_model():
    from django.db import models
    from wagtail.search import index

    class BenchText(index.Indexed, models.Model):
        kind = models.CharField(max_length=20)
        title = models.CharField(max_length=300)
        body = models.TextField()

        search_fields = [
            index.SearchField("title", boost=10),
            index.AutocompleteField("title"),
            index.SearchField("body"),
            index.FilterField("kind"),
        ]

        class Meta:
            app_label = "search"
            db_table = "bench_wagtail_text"
            managed = False

        def __str__(self):
            return self.title

    # What the search app does for every indexed model when it starts (PostgreSQL joins on it).
    from modelsearch.abstract_models import TextIDGenericRelation
    from modelsearch.conf import get_app_config

    IndexEntry = get_app_config().get_model("IndexEntry")  # noqa: N806

    TextIDGenericRelation(IndexEntry).contribute_to_class(BenchText, "index_entries")
    return BenchText


def percentiles(timings: list[float]) -> dict:
    timings = sorted(timings)
    p95 = timings[max(0, int(round(len(timings) * 0.95)) - 1)]
    return {"p50": statistics.median(timings), "p95": p95, "max": timings[-1], "n": len(timings)}


def fill_ours(sheets: int, posts: int) -> dict:
    """The production rebuild (``search.indexing.load``, what ``rebuild()`` does after reading
    the sources) of the generated documents, timed."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from search import indexing
    from search.models import SearchDocument

    sheet_type = ContentType.objects.get(app_label="practices", model="practicesheetpage")
    thread_type = ContentType.objects.get(app_label="forum", model="thread")
    documents = []
    for number, (kind, title, extra, body, facets, visibility, date) in enumerate(
        generate(sheets, posts)
    ):
        documents.append(
            SearchDocument(
                content_type=sheet_type if kind == "fiche" else thread_type,
                object_id=number + 1,
                type=kind,
                title=title,
                extra=extra,
                text=body,
                url=f"/bench/{number}/",
                facets=facets,
                territory_slug=facets.get("territoire", [""])[0],
                territory_name=facets.get("territoire", [""])[0],
                region_slug=facets.get("region", [""])[0],
                date=date,
                year=date.year,
                visibility=visibility,
            )
        )
    phases: dict = {}
    started = time.perf_counter()
    indexing.load(documents, phases=phases)
    rebuild_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # What autovacuum does within a minute of a bulk load (not counted in the rebuild; the
        # rebuild's own ANALYZE is): hint bits and the visibility map of the new table.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchdocument")
    return {
        "documents": len(documents),
        "write_s": phases["table"],
        "index_s": phases["index"],
        "rebuild_s": rebuild_seconds,
    }


def measure_ours(repeat: int) -> dict:
    from django.core.cache import cache

    from search import backends
    from search.backends.base import SearchQuery

    backend = backends.get_database_backend()
    keys = frozenset({"public", "members"})
    scenarios = {
        "mots seuls": [SearchQuery(text=q, visibility=keys, with_facets=False) for q in QUERIES],
        "facettes + surlignage": [
            SearchQuery(
                text=q, visibility=keys, with_facets=True, filters=FILTER_SETS[n % len(FILTER_SETS)]
            )
            for n, q in enumerate(QUERIES)
        ],
    }
    out = {}
    for name, queries in scenarios.items():
        timings, slowest = [], []
        for query in queries:
            cache.clear()
            results = backend.search(query)  # warm-up
            assert results.total >= 0
            per_query = []
            for _ in range(repeat):
                cache.clear()
                started = time.perf_counter()
                results = backend.search(query)
                per_query.append((time.perf_counter() - started) * 1000)
            timings += per_query
            slowest.append((max(per_query), query.text, results.total))
        out[name] = {**percentiles(timings), "slowest": sorted(slowest, reverse=True)[:3]}
    return out


def fill_wagtail(model) -> float:
    from django.db import connection, transaction
    from wagtail.search.backends import get_search_backend

    from search.models import SearchDocument

    existing = connection.introspection.table_names()
    with connection.schema_editor() as editor:
        if model._meta.db_table in existing:
            editor.delete_model(model)
        editor.create_model(model)
    backend = get_search_backend()
    backend.reset_indexes()
    model.objects.bulk_create(
        [
            model(pk=pk, kind=kind, title=title, body=body)
            for pk, kind, title, body in SearchDocument.objects.values_list(
                "pk", "type", "title", "text"
            ).iterator(chunk_size=2000)
        ],
        batch_size=2000,
    )
    started = time.perf_counter()
    with transaction.atomic():
        objects = model.objects.order_by("pk")
        batch = []
        for obj in objects.iterator(chunk_size=1000):
            batch.append(obj)
            if len(batch) == 1000:
                backend.add_bulk(model, batch)
                batch = []
        if batch:
            backend.add_bulk(model, batch)
    return time.perf_counter() - started


class Interrupted(Exception):
    pass


def _with_timeout(function, seconds: float):
    """Run ``function`` with every SQL statement interrupted after ``seconds``."""
    from django.db import OperationalError, connection

    connection.ensure_connection()
    if connection.vendor == "sqlite":
        deadline = time.perf_counter() + seconds
        raw = connection.connection
        raw.set_progress_handler(lambda: int(time.perf_counter() > deadline), 10_000)
        try:
            return function()
        except OperationalError as error:
            raise Interrupted from error
        finally:
            raw.set_progress_handler(None, 0)
    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {int(seconds * 1000)}")
    try:
        return function()
    except OperationalError as error:
        raise Interrupted from error
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")


def measure_wagtail(model, repeat: int, timeout: float) -> dict:
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    kinds = ["fiche", "discussion"]

    def plain(text):
        return list(backend.search(text, model.objects.all())[:20])

    def filtered(text, number):
        results = backend.search(text, model.objects.filter(kind=kinds[number % 2]))
        return list(results[:20]), results.facet("kind")

    scenarios = {
        "sans filtre": [(lambda q=q: plain(q)) for q in QUERIES],
        "filtre + facette": [(lambda q=q, n=n: filtered(q, n)) for n, q in enumerate(QUERIES)],
    }
    out = {}
    for name, calls in scenarios.items():
        timings, timeouts, empty = [], 0, 0
        for call in calls:
            try:
                first = _with_timeout(call, timeout)  # warm-up
            except Interrupted:
                timings.append(timeout * 1000)
                timeouts += 1
                continue
            if not (first[0] if isinstance(first, tuple) else first):
                empty += 1
            runs = 1  # Wagtail takes seconds per query: one timed run after the warm-up
            for _ in range(runs):
                started = time.perf_counter()
                try:
                    _with_timeout(call, timeout)
                except Interrupted:
                    timings.append(timeout * 1000)
                    timeouts += 1
                    break
                timings.append((time.perf_counter() - started) * 1000)
        out[name] = {**percentiles(timings), "timeouts": timeouts, "empty": empty}
    return out
