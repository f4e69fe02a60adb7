"""Gunicorn configuration for production (`gunicorn --config gunicorn.conf.py config.wsgi`).

Every value can be tuned through an environment variable, without rebuilding the image.
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cpu_count() -> int:
    # Honour the CPUs this process may run on (cpusets), not only those of the host.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not available on every platform
        return os.cpu_count() or 1


# Listen on every interface of the container; the reverse proxy is the only thing in front.
bind = f"0.0.0.0:{_int('PORT', 8000)}"

# Processes: the classic (2 × cores) + 1, capped because every worker holds a full copy of
# Django + Wagtail in memory and its own database connections. WEB_CONCURRENCY overrides it.
workers = _int("WEB_CONCURRENCY", min(2 * _cpu_count() + 1, 8))
# A few threads per process absorb slow clients and I/O waits (database, e-mail, Redis).
# Each thread may hold a database connection: workers × threads must stay below PostgreSQL's
# max_connections (100 by default) together with the Celery worker.
threads = _int("GUNICORN_THREADS", 2)
worker_class = "gthread" if threads > 1 else "sync"

# A request that takes longer than this is killed (and its worker restarted).
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then, so that a slow memory leak never takes the site down. Not too
# often: at a few hundred requests per second, 1,000 requests meant a new worker every few
# seconds, each one importing Django and Wagtail again (measured here: the bare view went from
# ~430 to ~1,000+ req/s once recycling became rare and cheap).
max_requests = _int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 2000)
# The application is loaded once in the master and workers are forked from it: a new or
# recycled worker starts in milliseconds and shares the loaded code's memory. GUNICORN_PRELOAD
# =false loads it in each worker instead (needed only to reload code with a HUP signal).
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").strip().lower() not in ("0", "false", "no")


def post_fork(server, worker):
    """A forked worker never reuses a connection the master may have opened while loading the
    application (database connections are not shared between processes)."""
    try:
        from django.db import connections
    except ImportError:
        return
    for connection in connections.all(initialized_only=True):
        # Forget the socket without closing it: closing would end the master's session too.
        connection.connection = None


# Heartbeat files in memory rather than on the container's overlay filesystem (gunicorn creates
# them there with mkstemp, as its documentation recommends for Docker).
_SHARED_MEMORY = "/dev/shm"  # noqa: S108
worker_tmp_dir = _SHARED_MEMORY if os.path.isdir(_SHARED_MEMORY) else None

# Logs on stdout/stderr, collected by Docker: the peer (the proxy), then the client address
# (X-Real-IP, set by the proxy).
# GUNICORN_ACCESS_LOG="" turns the access log off (the reverse proxy keeps its own).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s %({x-real-ip}i)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'

# Proxies whose X-Forwarded-* headers are trusted. "*" is only acceptable when the container is
# reachable from the reverse proxy alone (as in docker-compose.yml, where it is not published).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
