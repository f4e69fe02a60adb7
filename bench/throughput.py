"""HTTP part of `make bench`: requests per second of real pages through gunicorn, as a ratio to
a bare Django view, for anonymous visitors and for a logged-in member.

    python bench/throughput.py [--duration 6] [--connections 8] [--port 8765] [--rounds 3]

What it does, in one run:
1. prepares a database (PostgreSQL when it answers — database ``czn_bench_http`` — otherwise the
   SQLite file bench/http.sqlite3) with the demo content and a thread of 500 posts;
2. collects the static files and starts gunicorn with the repository's gunicorn.conf.py,
   2 workers, production settings (Redis cache when Redis answers, local memory otherwise);
3. loads each URL with ``wrk`` on the loopback (Debian's package; `make bench` installs it),
   anonymously and with a member's session cookie, each one paired with the bare view
   (``/sante/vivant/``: Django's whole middleware stack, no template, no query) measured just
   before it, ``--rounds`` times;
4. prints requests/s, the page's ratio to its neighbouring bare-view figure (median of the
   rounds) and writes bench/results-http.json. Pairing matters here: the machine is shared (wrk
   runs on the same two cores, other jobs come and go) and its speed was seen to drift by 2x
   within minutes, so a ratio against a bare-view figure taken minutes apart measured the drift.
Targets (issue #8): anonymous pages ≥ 40 % of the bare view, logged-in pages ≥ 15 %.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgres://postgres@127.0.0.1:5432/czn_bench_http"
REDIS_URL = "redis://127.0.0.1:6379/14"
MEMBER_EMAIL = "equipe@example.org"


def _pg_up() -> bool:
    try:
        import psycopg

        psycopg.connect(PG_ADMIN_URL, connect_timeout=3).close()
        return True
    except Exception:  # noqa: BLE001
        return False


def _redis_up() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        return True
    except Exception:  # noqa: BLE001
        return False


def _ensure_pg_database() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = 'czn_bench_http'"
        ).fetchone()
        if not exists:
            conn.execute("CREATE DATABASE czn_bench_http")


PREPARE = r"""
import django, json, os
django.setup()
from django.conf import settings
from django.core.management import call_command
settings.ALLOWED_HOSTS = ["*"]
call_command("migrate", verbosity=0)
call_command("load_demo", verbosity=0)
from bench.forum import generate_forum, LONG_THREAD_TITLE
generate_forum(threads=50, posts=500)
from django.db import connection
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as autovacuum keeps them in production
from django.contrib.auth import get_user_model, BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from forum.models import Thread
from forum.links import thread_slug
from practices.models import PracticeSheetPage
from django.urls import reverse
user = get_user_model().objects.get(email=os.environ["BENCH_MEMBER"])
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.set_expiry(3600 * 6)
session.create()
sheet = PracticeSheetPage.objects.live().order_by("path").first()
thread = Thread.objects.get(title=LONG_THREAD_TITLE)
print(json.dumps({
    "session": session.session_key,
    "sheet": sheet.url_path.replace("/accueil", "", 1),
    "thread": reverse("forum:thread", kwargs={"pk": thread.pk, "slug": thread_slug(thread)}),
}))
"""


def _env(database_url: str, cache: bool) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": str(ROOT / "bench" / "staticfiles"),
            "LOG_LEVEL": "WARNING",
            "GUNICORN_ACCESS_LOG": "",
            "PYTHONPATH": str(ROOT),
        }
    )
    env["CELERY_BROKER_URL"] = REDIS_URL if cache else ""
    env.pop("CACHE_URL", None)
    return env


def _wrk(url: str, duration: int, connections: int, cookie: str | None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", url]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    latency = re.search(r"Latency\s+([\d.]+)(us|ms|s)", output)
    factor = {"us": 0.001, "ms": 1, "s": 1000}[latency.group(2)]
    return {
        "rps": rps,
        "non_2xx": int(errors.group(1)) if errors else 0,
        "latency_ms": float(latency.group(1)) * factor,
    }


def _get(url: str, cookie: str | None) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 - our own http://127.0.0.1 URLs
        url, headers={"Cookie": cookie} if cookie else {}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        response.read()
        return response.status, dict(response.headers)


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=6)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="measure every (bare view, page) pair this many times; median",
    )
    parser.add_argument(
        "--sqlite", action="store_true", help="use SQLite even if PostgreSQL answers"
    )
    return parser.parse_args()


def _prepare(env: dict, database_url: str) -> dict | None:
    """Step 1: the database with the demo content; returns the member's session and the paths
    of a sheet and of the long thread, or None (with the error printed) if it failed."""
    prepare_env = dict(
        env,
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DEBUG="false",
        BENCH_MEMBER=MEMBER_EMAIL,
        CELERY_BROKER_URL="",
    )
    print(f"Preparing {database_url.split('@')[-1]} (demo content, a 500-post thread)…", flush=True)
    prepared = subprocess.run(  # noqa: S603
        [PY, "-c", PREPARE],
        env=prepare_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if prepared.returncode != 0:
        print(prepared.stderr[-3000:])
        return None
    return json.loads(prepared.stdout.strip().splitlines()[-1])


def _start_server(port: int, prod_env: dict, log) -> subprocess.Popen:
    """Step 2: gunicorn with the repository's configuration, 2 workers."""
    return subprocess.Popen(  # noqa: S603
        [
            str(Path(PY).parent / "gunicorn"),
            "--config",
            "gunicorn.conf.py",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        env=prod_env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _wait_until_up(base: str) -> None:
    for _ in range(100):
        try:
            _get(f"{base}/sante/vivant/", None)
            break
        except OSError:
            time.sleep(0.2)


def _targets(base: str, info: dict) -> list[tuple[str, str, str, str | None]]:
    """Every (label, path, who, cookie) to measure, the bare view first; each answers 200."""
    cookie = f"sessionid={info['session']}"
    pages = [
        ("vue Django nue (/sante/vivant/)", "/sante/vivant/", False),
        ("accueil", "/", True),
        ("fiches avec filtres", "/fiches/?frein=fracture-numerique&public=jeunes", True),
        ("une fiche", info["sheet"], True),
        ("discussion de 500 messages", info["thread"], True),
        ("recherche", "/recherche/?q=acc%C3%A8s+aux+droits", True),
    ]
    targets = []
    for label, path, logged_in_too in pages:
        for who, cookie_value in (("anonyme", None), ("connecté", cookie)):
            if who == "connecté" and not logged_in_too:
                continue
            status, _headers = _get(base + path, cookie_value)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
            targets.append((label, path, who, cookie_value))
    return targets


def _measure(base: str, targets: list, args) -> dict[tuple[str, str], list[dict]]:
    """Step 3, paired measurements: the bare view is measured again right before every page,
    and the page's ratio is taken against that neighbour. The machine is shared and its speed
    drifts by up to 2x within minutes (seen here): a ratio against a bare-view figure taken
    minutes earlier says more about the drift than about the page. The runs of every round, per
    (path, who)."""
    _bare_label, bare_path, bare_who, _bare_cookie = targets[0]
    measured_rounds: dict[tuple[str, str], list[dict]] = {}
    for number in range(1, args.rounds + 1):
        print(
            f"round {number}: "
            + " ".join(f"{label[:12]}/{who[:4]}" for label, _path, who, _cookie in targets[1:]),
            flush=True,
        )
        for _label, path, who, cookie_value in targets[1:]:
            pair = []
            for pair_path, pair_cookie in ((bare_path, None), (path, cookie_value)):
                _wrk(base + pair_path, 1, args.connections, pair_cookie)  # warm-up
                pair.append(_wrk(base + pair_path, args.duration, args.connections, pair_cookie))
            bare_run, page_run = pair
            page_run["bare_rps"] = bare_run["rps"]
            page_run["ratio"] = page_run["rps"] / bare_run["rps"]
            measured_rounds.setdefault((path, who), []).append(page_run)
            measured_rounds.setdefault((bare_path, bare_who), []).append(
                {**bare_run, "bare_rps": bare_run["rps"], "ratio": 1.0}
            )
    return measured_rounds


def _median_run(runs: list[dict]) -> dict:
    ordered = sorted(runs, key=lambda run: run["ratio"])
    chosen = dict(ordered[(len(ordered) - 1) // 2])
    chosen["rounds_ratio"] = [round(run["ratio"], 3) for run in runs]
    chosen["rounds_rps"] = [run["rps"] for run in runs]
    chosen["rps"] = statistics.median(run["rps"] for run in runs)
    chosen["bare_rps"] = statistics.median(run["bare_rps"] for run in runs)
    chosen["non_2xx"] = sum(run["non_2xx"] for run in runs)
    return chosen


def _report(targets: list, measured_rounds: dict) -> list[dict]:
    """Step 4: one line per target (median of the rounds); the results written to the JSON."""
    _bare_label, bare_path, bare_who, _bare_cookie = targets[0]
    results = []
    print(
        f"\n{'page':38} {'who':10} {'req/s':>9} {'bare':>7} {'ratio':>7} {'latency':>9} "
        f"{'errors':>7}  ratio per round"
    )
    for label, path, who, _cookie in targets:
        runs = measured_rounds[(path, who)]
        measured = _median_run(runs)
        if (path, who) == (bare_path, bare_who):
            measured["ratio"] = 1.0
            measured["rounds_ratio"] = []
        ratio = measured["ratio"]
        results.append(
            {"page": label, "path": path, "who": who, **measured, "ratio": round(ratio, 3)}
        )
        rounds = " ".join(f"{value:.0%}" for value in measured["rounds_ratio"])
        print(
            f"{label:38} {who:10} {measured['rps']:9.1f} {measured['bare_rps']:7.0f} "
            f"{ratio:7.0%} {measured['latency_ms']:7.1f}ms {measured['non_2xx']:7d}  "
            f"{rounds}",
            flush=True,
        )
    return results


def _write_results(results: list[dict], use_pg: bool, cache: bool, args) -> Path:
    out = ROOT / "bench" / "results-http.json"
    out.write_text(
        json.dumps(
            {
                "database": "postgresql" if use_pg else "sqlite",
                "cache": "redis" if cache else "locmem",
                "duration_s": args.duration,
                "connections": args.connections,
                "rounds": args.rounds,
                "results": results,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    return out


def main() -> int:
    args = _parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install -y wrk (make bench installs it).")
        return 1
    use_pg = _pg_up() and not args.sqlite
    if use_pg:
        _ensure_pg_database()
        database_url = PG_URL
    else:
        database_url = f"sqlite:///{ROOT / 'bench' / 'http.sqlite3'}"
    cache = _redis_up()
    env = _env(database_url, cache)
    info = _prepare(env, database_url)
    if info is None:
        return 1
    prod_env = dict(env, DJANGO_SETTINGS_MODULE="config.settings.production")
    subprocess.run(  # noqa: S603
        [PY, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=prod_env,
        cwd=ROOT,
        check=True,
    )

    base = f"http://127.0.0.1:{args.port}"
    log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server process
    server = _start_server(args.port, prod_env, log)
    try:
        _wait_until_up(base)
        print(
            f"\nwrk, {args.duration} s per URL, {args.connections} connections, gunicorn "
            f"2 workers, {'PostgreSQL' if use_pg else 'SQLite'}, cache "
            f"{'Redis' if cache else 'local memory'}, {args.rounds} round(s), each page "
            f"paired with the bare view measured just before it; median ratio\n"
        )
        targets = _targets(base, info)
        results = _report(targets, _measure(base, targets, args))
        out = _write_results(results, use_pg, cache, args)
        anonymous_ok = all(r["ratio"] >= 0.40 for r in results[1:] if r["who"] == "anonyme")
        logged_ok = all(r["ratio"] >= 0.15 for r in results if r["who"] == "connecté")
        print(
            f"\nTargets: anonymous ≥ 40 %: {'met' if anonymous_ok else 'NOT met'}; "
            f"logged-in ≥ 15 %: {'met' if logged_ok else 'NOT met'}. ({out.name} written)"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
