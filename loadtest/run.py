"""`make loadtest`: 50 concurrent users for 5 minutes against gunicorn + PostgreSQL + Redis + a
Celery worker on the loopback, then a check in the database that every write the server accepted
is there exactly once.

    python loadtest/run.py [--users 50] [--duration 5m] [--port 8766]

Needs PostgreSQL (database czn_loadtest, recreated each run) and Redis (database 13); says so and
stops when they do not answer. Locust runs from its own virtualenv (.venv-loadtest, created by the
Makefile) so that its dependencies (gevent…) stay out of the application's.
Results: loadtest/results/ (Locust's CSV files, cache.json and summary.json).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import report  # noqa: E402

import scripts  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
RESULTS = ROOT / "loadtest" / "results"
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgres://postgres@127.0.0.1:5432/czn_loadtest"
REDIS_URL = "redis://127.0.0.1:6379/13"
LOCUST = ROOT / ".venv-loadtest" / "bin" / "locust"


def _up(kind: str) -> bool:
    try:
        if kind == "pg":
            import psycopg

            psycopg.connect(PG_ADMIN, connect_timeout=3).close()
        else:
            import redis

            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        return True
    except Exception:  # noqa: BLE001
        return False


def _fresh_database() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS czn_loadtest WITH (FORCE)")
        conn.execute("CREATE DATABASE czn_loadtest")


def _env() -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": PG_URL,
            "CELERY_BROKER_URL": REDIS_URL,
            "SECRET_KEY": "loadtest-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": str(ROOT / "loadtest" / "staticfiles"),
            "LOG_LEVEL": "WARNING",
            "GUNICORN_ACCESS_LOG": "",
            "PYTHONPATH": str(ROOT),
            "EMAIL_URL": "consolemail://",
            "FORUM_POSTS_PER_MINUTE": "60",
        }
    )
    return env


def _prepare(env: dict, users: int) -> Path | None:
    """Fresh database, demo content, one session per load user: the plan Locust reads."""
    print("Fresh database czn_loadtest, demo content, load users…", flush=True)
    _fresh_database()
    prepared = subprocess.run(  # noqa: S603
        [PY, "-c", scripts.PREPARE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(
            env,
            DJANGO_SETTINGS_MODULE="config.settings.dev",
            DEBUG="false",
            CELERY_BROKER_URL="",
            LOADTEST_USERS=str(users),
        ),
    )
    if prepared.returncode != 0:
        print(prepared.stderr[-3000:])
        return None
    plan_path = RESULTS / "plan.json"
    plan_path.write_text(prepared.stdout.strip().splitlines()[-1])
    return plan_path


def _start_servers(env: dict, port: int) -> list[subprocess.Popen]:
    """gunicorn and a Celery worker with the production settings, logging to server.log."""
    prod = dict(env, DJANGO_SETTINGS_MODULE="config.settings.production")
    subprocess.run(  # noqa: S603
        [PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=prod, check=True
    )
    logs = (RESULTS / "server.log").open("w")
    bin_dir = Path(PY).parent
    commands = [
        [str(bin_dir / "gunicorn"), "--config", "gunicorn.conf.py", "config.wsgi"]
        + ["--bind", f"127.0.0.1:{port}"],
        [str(bin_dir / "celery"), "-A", "config", "worker", "-l", "warning"]
        + ["--concurrency", "1", "--without-heartbeat", "--without-gossip", "--without-mingle"],
    ]
    return [
        subprocess.Popen(command, cwd=ROOT, env=prod, stdout=logs, stderr=logs)  # noqa: S603
        for command in commands
    ]


def _run_locust(env: dict, host: str, args, plan_path: Path, journal_path: Path) -> None:
    for _ in range(150):
        try:
            urllib.request.urlopen(f"{host}/sante/vivant/", timeout=2).read()  # noqa: S310
            break
        except OSError:
            time.sleep(0.2)
    print(f"Locust: {args.users} users for {args.duration} on {host}…", flush=True)
    options = ["--headless", "-u", str(args.users), "-r", "10", "-t", args.duration]
    options += ["--host", host, "--csv", str(RESULTS / "locust"), "--only-summary"]
    subprocess.run(  # noqa: S603
        [str(LOCUST), "-f", str(ROOT / "loadtest" / "locustfile.py"), *options]
        + ["--stop-timeout", "20"],
        cwd=ROOT,
        env=dict(
            env,
            LOADTEST_PLAN=str(plan_path),
            LOADTEST_JOURNAL=str(journal_path),
            LOADTEST_CACHE_COUNTS=str(RESULTS / "cache.json"),
        ),
    )
    time.sleep(5)  # let the worker finish the e-mails and notifications in flight


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _check_database(env: dict, journal_path: Path) -> dict | None:
    checked = subprocess.run(  # noqa: S603
        [PY, "-c", scripts.CHECK],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(
            env,
            DJANGO_SETTINGS_MODULE="config.settings.dev",
            DEBUG="false",
            LOADTEST_JOURNAL=str(journal_path),
        ),
    )
    if checked.returncode != 0:
        print(checked.stderr[-3000:])
        return None
    return json.loads(checked.stdout.strip().splitlines()[-1])


def _ready(args) -> bool:
    if not (_up("pg") and _up("redis")):
        print(
            "SKIPPED: make loadtest needs PostgreSQL (127.0.0.1:5432) and Redis "
            "(127.0.0.1:6379); at least one does not answer."
        )
        return False
    if not LOCUST.exists():
        print("Locust is missing: run `make loadtest` (it creates .venv-loadtest).")
        return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", default="5m")
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    if not _ready(args):
        return 2
    RESULTS.mkdir(parents=True, exist_ok=True)
    journal_path = RESULTS / "journal.jsonl"
    journal_path.write_text("")
    env = _env()
    plan_path = _prepare(env, args.users)
    if plan_path is None:
        return 1
    processes = _start_servers(env, args.port)
    try:
        _run_locust(env, f"http://127.0.0.1:{args.port}", args, plan_path, journal_path)
    finally:
        _stop(processes)
    check = _check_database(env, journal_path)
    if check is None:
        return 1
    rows = report.percentile_rows(RESULTS / "locust_stats.csv")
    errors = report.server_errors(RESULTS / "locust_failures.csv")
    counts_path = RESULTS / "cache.json"
    counts = json.loads(counts_path.read_text()) if counts_path.exists() else {}
    ratios = report.cache_ratios(counts)
    lost, doubled = report.print_report(rows, check, errors, ratios)
    summary = {"users": args.users, "duration": args.duration, "requests": rows}
    summary.update({"server_errors": errors, "database_check": check, "cache": ratios})
    report.write_summary(RESULTS / "summary.json", summary)
    ok = errors == 0 and lost == 0 and doubled == 0 and not check["events_over_capacity"]
    print("RESULT:", "PASSED" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
