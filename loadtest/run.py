"""`make loadtest`: 50 concurrent users for 5 minutes against gunicorn + PostgreSQL + Redis + a
Celery worker on the loopback, then a check in the database that every write the server accepted
is there exactly once.

    python loadtest/run.py [--users 50] [--duration 5m] [--port 8766]

Needs PostgreSQL (database czn_loadtest, recreated each run) and Redis (database 13); says so and
stops when they do not answer. Locust runs from its own virtualenv (.venv-loadtest, created by the
Makefile) so that its dependencies (gevent…) stay out of the application's.
Results: loadtest/results/ (Locust's CSV files and summary.json).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
RESULTS = ROOT / "loadtest" / "results"
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgres://postgres@127.0.0.1:5432/czn_loadtest"
REDIS_URL = "redis://127.0.0.1:6379/13"
LOCUST = ROOT / ".venv-loadtest" / "bin" / "locust"

PREPARE = r"""
import django, json, os
django.setup()
from datetime import timedelta
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django.utils.crypto import get_random_string
settings.ALLOWED_HOSTS = ["*"]
call_command("migrate", verbosity=0)
call_command("load_demo", verbosity=0)
from allauth.account.models import EmailAddress
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from accounts.models import Membership, Territory, User
from events.models import EventPage
from forum.models import Category, Post, Reaction, Thread
from forum.links import thread_slug
from practices.models import PracticeSheetPage
from django.urls import reverse

territory = Territory.objects.order_by("pk").first()
sessions = []
for number in range(int(os.environ["LOADTEST_USERS"])):
    email = f"charge-{number}@example.org"
    user, _ = User.objects.get_or_create(email=email, defaults={
        "first_name": "Charge", "last_name": f"Numéro {number}",
        "date_joined": timezone.now() - timedelta(days=60)})
    EmailAddress.objects.get_or_create(user=user, email=email,
                                       defaults={"verified": True, "primary": True})
    Membership.objects.get_or_create(user=user, territory=territory,
                                     defaults={"status": Membership.Status.ACCEPTED})
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(6 * 3600)
    session.create()
    sessions.append({"key": session.session_key, "user": user.pk,
                     "csrf": get_random_string(32)})
public = Category.objects.filter(visibility=Category.Visibility.PUBLIC)
threads = list(Thread.objects.filter(category__in=public, is_locked=False).order_by("-pk")[:12])
posts = list(Post.objects.filter(thread__in=threads, is_deleted=False, is_hidden=False)
             .values_list("pk", flat=True)[:40])
events = [e for e in EventPage.objects.live().filter(start__gt=timezone.now())
          if not e.is_cancelled][:4]
sheets = list(PracticeSheetPage.objects.live().order_by("path")[:12])
print(json.dumps({
    "sessions": sessions,
    "threads": [reverse("forum:thread", kwargs={"pk": t.pk, "slug": thread_slug(t)})
                for t in threads],
    "posts": posts,
    "events": [e.url for e in events],
    "sheets": [s.url for s in sheets],
    "reaction_kinds": list(Reaction.Kind.values),
}))
"""

CHECK = r"""
import django, json, os, sys
django.setup()
from collections import Counter
from django.db.models import Count
from events.models import EventPage, Registration
from forum.models import Post, Reaction
journal = [json.loads(line) for line in open(os.environ["LOADTEST_JOURNAL"], encoding="utf-8")]
posts = [e for e in journal if e["kind"] == "post"]
missing, doubled = [], []
for entry in posts:
    n = Post.objects.filter(source__contains=entry["token"]).count()
    if n == 0:
        missing.append(entry["token"])
    elif n > 1:
        doubled.append(entry["token"])
dup_regs = list(Registration.objects.values("user", "event").annotate(n=Count("pk"))
                .filter(n__gt=1).values_list("user", "event", "n"))
dup_reacts = list(Reaction.objects.values("user", "post", "kind").annotate(n=Count("pk"))
                  .filter(n__gt=1).values_list("user", "post", "n"))
over = []
for event in EventPage.objects.filter(capacity__isnull=False):
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    if confirmed > event.capacity:
        over.append((event.title, confirmed, event.capacity))
registered = [e for e in journal if e["kind"] == "inscription"]
lost_regs = []
for entry in registered:
    path = entry["event"].rstrip("/").rsplit("/", 1)[-1]
    if not Registration.objects.filter(user_id=entry["user"], event__slug=path).exists():
        lost_regs.append(entry)
print(json.dumps({
    "accepted_posts": len(posts), "missing_posts": len(missing), "doubled_posts": len(doubled),
    "accepted_registrations": len(registered), "lost_registrations": len(lost_regs),
    "duplicate_registrations": len(dup_regs), "duplicate_reactions": len(dup_reacts),
    "accepted_reactions": sum(1 for e in journal if e["kind"] == "reaction"),
    "accepted_cancellations": sum(1 for e in journal if e["kind"] == "annulation"),
    "events_over_capacity": over,
}))
"""


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


def _percentile_rows(stats_csv: Path) -> list[dict]:
    rows = []
    with stats_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.append(
                {
                    "type": row["Type"],
                    "name": row["Name"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "p50_ms": float(row["50%"] or 0),
                    "p95_ms": float(row["95%"] or 0),
                    "rps": float(row["Requests/s"] or 0),
                }
            )
    return rows


def _server_errors(failures_csv: Path) -> int:
    errors = 0
    if not failures_csv.exists():
        return 0
    with failures_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            error = row["Error"]
            if "50" in error or "Server Error" in error or "Connection" in error:
                errors += int(row["Occurrences"])
    return errors


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", default="5m")
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    if not (_up("pg") and _up("redis")):
        print(
            "SKIPPED: make loadtest needs PostgreSQL (127.0.0.1:5432) and Redis "
            "(127.0.0.1:6379); at least one does not answer."
        )
        return 2
    if not LOCUST.exists():
        print("Locust is missing: run `make loadtest` (it creates .venv-loadtest).")
        return 2
    RESULTS.mkdir(parents=True, exist_ok=True)
    journal_path = RESULTS / "journal.jsonl"
    journal_path.write_text("")
    env = _env()
    print("Fresh database czn_loadtest, demo content, load users…", flush=True)
    _fresh_database()
    prepared = subprocess.run(  # noqa: S603
        [PY, "-c", PREPARE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(
            env,
            DJANGO_SETTINGS_MODULE="config.settings.dev",
            DEBUG="false",
            CELERY_BROKER_URL="",
            LOADTEST_USERS=str(args.users),
        ),
    )
    if prepared.returncode != 0:
        print(prepared.stderr[-3000:])
        return 1
    plan_path = RESULTS / "plan.json"
    plan_path.write_text(prepared.stdout.strip().splitlines()[-1])
    prod = dict(env, DJANGO_SETTINGS_MODULE="config.settings.production")
    subprocess.run(  # noqa: S603
        [PY, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=prod,
        check=True,
    )
    logs = (RESULTS / "server.log").open("w")
    bin_dir = Path(PY).parent
    server = subprocess.Popen(  # noqa: S603
        [
            str(bin_dir / "gunicorn"),
            "--config",
            "gunicorn.conf.py",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
        ],
        cwd=ROOT,
        env=prod,
        stdout=logs,
        stderr=logs,
    )
    worker = subprocess.Popen(  # noqa: S603
        [
            str(bin_dir / "celery"),
            "-A",
            "config",
            "worker",
            "-l",
            "warning",
            "--concurrency",
            "1",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=prod,
        stdout=logs,
        stderr=logs,
    )
    host = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{host}/sante/vivant/", timeout=2).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        print(f"Locust: {args.users} users for {args.duration} on {host}…", flush=True)
        subprocess.run(  # noqa: S603
            [
                str(LOCUST),
                "-f",
                str(ROOT / "loadtest" / "locustfile.py"),
                "--headless",
                "-u",
                str(args.users),
                "-r",
                "10",
                "-t",
                args.duration,
                "--host",
                host,
                "--csv",
                str(RESULTS / "locust"),
                "--only-summary",
                "--stop-timeout",
                "20",
            ],
            cwd=ROOT,
            env=dict(env, LOADTEST_PLAN=str(plan_path), LOADTEST_JOURNAL=str(journal_path)),
        )
        time.sleep(5)  # let the worker finish the e-mails and notifications in flight
    finally:
        for process in (server, worker):
            process.send_signal(signal.SIGTERM)
        for process in (server, worker):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    checked = subprocess.run(  # noqa: S603
        [PY, "-c", CHECK],
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
        return 1
    check = json.loads(checked.stdout.strip().splitlines()[-1])
    rows = _percentile_rows(RESULTS / "locust_stats.csv")
    server_errors = _server_errors(RESULTS / "locust_failures.csv")
    print(f"\n{'requête':32} {'nombre':>8} {'échecs':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for row in rows:
        print(
            f"{row['name']:32} {row['requests']:8d} {row['failures']:7d} "
            f"{row['p50_ms']:8.0f} {row['p95_ms']:8.0f}"
        )
    lost = check["missing_posts"] + check["lost_registrations"]
    doubled = (
        check["doubled_posts"] + check["duplicate_registrations"] + check["duplicate_reactions"]
    )
    print(
        f"\nWrites accepted: {check['accepted_posts']} posts, "
        f"{check['accepted_registrations']} registrations, "
        f"{check['accepted_cancellations']} cancellations, "
        f"{check['accepted_reactions']} reactions"
    )
    print(
        f"Server errors: {server_errors}; lost writes: {lost}; duplicated: {doubled}; "
        f"events over capacity: {len(check['events_over_capacity'])}"
    )
    (RESULTS / "summary.json").write_text(
        json.dumps(
            {
                "users": args.users,
                "duration": args.duration,
                "requests": rows,
                "server_errors": server_errors,
                "database_check": check,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    ok = server_errors == 0 and lost == 0 and doubled == 0 and not check["events_over_capacity"]
    print("RESULT:", "PASSED" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
