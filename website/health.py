"""Health endpoints for the orchestrator and the load balancer.

- ``/sante/vivant/`` (liveness): the process answers; touches nothing else, so a database outage
  does not get every web container restarted in a loop.
- ``/sante/pret/`` (readiness): the database, the cache and, when one is configured, the Celery
  broker answer. 200 with each check's result, or 503 naming what failed. No secret, no address
  is ever shown.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    key = "health:probe"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise RuntimeError("cache read-back failed")


def _check_broker() -> None:
    # A fresh connection to the configured broker (never one from Celery's pools).
    from kombu import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def _checks():
    checks = [("database", _check_database), ("cache", _check_cache)]
    if getattr(settings, "CELERY_BROKER_URL", "") and not settings.CELERY_TASK_ALWAYS_EAGER:
        checks.append(("broker", _check_broker))
    return checks


@never_cache
def liveness(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readiness(request):
    results = {}
    healthy = True
    for name, check in _checks():
        started = time.monotonic()
        try:
            check()
        except Exception:  # noqa: BLE001 — any failure makes the instance not ready
            logger.exception("Readiness check failed: %s", name)
            results[name] = {"status": "error"}
            healthy = False
        else:
            results[name] = {
                "status": "ok",
                "ms": round((time.monotonic() - started) * 1000, 1),
            }
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": results},
        status=200 if healthy else 503,
    )
