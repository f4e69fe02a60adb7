"""« Comparer les territoires » (and the national dashboard, once it exists) on PostgreSQL, at
39 territories × 30 indicators × 5 years of validated reports, then at 1,000 territories.

Usage: python bench/reports.py [--requests 20] [--sizes 39 1000]
Each size has its own database: BENCH_REPORTS_PG_URL (default postgres://postgres@127.0.0.1:5432/
czn_bench_reports) for 39 territories, the same name followed by ``_<size>`` for the others;
created if missing and kept between runs (the reports are generated once, with bulk_create).
Each size runs in a child process (one Django set-up per database). Every address of ``URLS`` is
asked ``--requests`` times through Django's test client (server time, no network), logged in as
a DGCS administrator and as a commissioner who follows two regions; printed: median, 95th
percentile and SQL queries of one request. Target: p95 ≤ 200 ms, and the same query count at
both sizes. Skipped, and said so, when PostgreSQL does not answer."""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_URL = os.environ.get(
    "BENCH_REPORTS_PG_URL", "postgres://postgres@127.0.0.1:5432/czn_bench_reports"
)
TARGET_P95_MS = 200
SIZES = (39, 1000)
INDICATORS = 30
YEARS = tuple(range(2021, 2026))
PREFIX = "banc-bilans-"
COMMISSIONER_REGIONS = ("32", "84")

# (label, route name, route kwargs, query parameters). A route that does not exist yet (the
# dashboard, built in another part) is left out, and said so.
URLS = [
    ("comparaison, par défaut", "reports:compare", {}, {}),
    ("comparaison, une région", "reports:compare", {}, {"region": "32"}),
    (
        "comparaison, 1 000 habitants",
        "reports:compare",
        {},
        {"indicateur": "droits-ouverts", "affichage": "habitants"},
    ),
    (
        "comparaison, en taux",
        "reports:compare",
        {},
        {"indicateur": "droits-ouverts", "affichage": "taux"},
    ),
    ("comparaison, tri par valeur", "reports:compare", {}, {"tri": "valeur-desc"}),
    ("export CSV", "reports:compare_export", {"fmt": "csv"}, {}),
    ("tableau de bord", "reports:dashboard", {}, {}),
    ("tableau de bord, une région", "reports:dashboard", {}, {"region": "hauts-de-france"}),
    ("tableau de bord, export CSV", "reports:dashboard", {}, {"format": "csv"}),
    ("tableau de bord, reprises", "reports:dashboard", {}, {"reprises": "toutes"}),
]
# The dashboard is for facilitators and the DGCS only: commissioners are not measured on it.
DGCS_ONLY = ("reports:dashboard",)


def database_url(size: int) -> str:
    return PG_URL if size == SIZES[0] else f"{PG_URL}_{size}"


def _setup(url: str) -> None:
    from bench.search import ensure_pg_database

    ensure_pg_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DEBUG"] = "false"
    os.environ["ELASTICSEARCH_URL"] = ""
    os.environ.setdefault("CELERY_BROKER_URL", "")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]


# --- data ---------------------------------------------------------------------------------------


def _indicators():
    """The kit's indicators, completed with bench ones up to ``INDICATORS``."""
    from taxonomy.models import ResultIndicator

    existing = list(ResultIndicator.objects.filter(is_active=True))
    kinds = ["effectif", "montant", "moyenne", "taux"]
    missing = INDICATORS - len(existing)
    for number in range(max(0, missing)):
        ResultIndicator.objects.get_or_create(
            slug=f"{PREFIX}indicateur-{number + 1}",
            defaults={
                "label": f"Indicateur de banc d’essai {number + 1}",
                "unit": "personnes",
                "value_kind": kinds[number % len(kinds)],
                "position": 100 + number,
                "per_inhabitants": number % 2 == 0,
                "definition": "Banc d’essai.",
                "counting_method": "Banc d’essai.",
                "data_source": "Banc d’essai.",
                "period": "Année civile",
            },
        )
    return list(ResultIndicator.objects.filter(is_active=True).order_by("position")[:INDICATORS])


def _territories(size: int):
    from accounts.models import Region, Territory

    regions = list(Region.objects.order_by("code"))
    codes = [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B", "971", "974"]
    kinds = [choice[0] for choice in Territory.Kind.choices]
    Territory.objects.bulk_create(
        Territory(
            name=f"Territoire de banc {number + 1:04d}",
            slug=f"{PREFIX}{number + 1}",
            kind=kinds[number % len(kinds)],
            official_code=f"{number + 10000}",
            departement_code=codes[number % len(codes)],
            region=regions[number % len(regions)],
            population=None if number % 17 == 0 else 5_000 + number * 731 % 400_000,
            cohort=2023 if number % 39 < 11 else 2024,
        )
        for number in range(size)
    )
    return list(Territory.objects.filter(slug__startswith=PREFIX))


def generate(size: int) -> float:
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Territory
    from reports.models import Report, ReportValue

    if Territory.objects.filter(slug__startswith=PREFIX).count() >= size:
        return 0.0
    started = time.perf_counter()
    rng = random.Random(21)  # noqa: S311 - made-up figures
    with transaction.atomic():
        indicators = _indicators()
        territories = _territories(size)
        now = timezone.now()
        reports = Report.objects.bulk_create(
            Report(
                territory=territory,
                year=year,
                status=Report.Status.VALIDATED,
                submitted_at=now,
                validated_at=now,
            )
            for territory in territories
            for year in YEARS
        )
        values = (
            ReportValue(
                report=report,
                indicator=indicator,
                value=rng.randint(0, 100)
                if indicator.value_kind == "taux"
                else rng.randint(0, 5000),
                unit=indicator.unit,
                source="Tableau de suivi",
            )
            for report in reports
            for indicator in indicators
        )
        batch = []
        for value in values:
            batch.append(value)
            if len(batch) == 5000:
                ReportValue.objects.bulk_create(batch)
                batch = []
        ReportValue.objects.bulk_create(batch)
    return time.perf_counter() - started


def _people():
    from django.contrib.auth.models import Group

    from accounts import roles
    from accounts.models import Region, User

    admin, _created = User.objects.get_or_create(
        email="banc-bilans-dgcs@example.org", defaults={"first_name": "Banc", "last_name": "DGCS"}
    )
    admin.groups.add(Group.objects.get_or_create(name=roles.DGCS_ADMIN)[0])
    commissioner, _created = User.objects.get_or_create(
        email="banc-bilans-commissaire@example.org",
        defaults={"first_name": "Banc", "last_name": "Commissaire"},
    )
    commissioner.groups.add(Group.objects.get_or_create(name=roles.COMMISSIONER)[0])
    commissioner.regions.set(Region.objects.filter(code__in=COMMISSIONER_REGIONS))
    return {"DGCS": admin, "commissaire": commissioner}


# --- measure ------------------------------------------------------------------------------------


def _urls():
    from django.urls import NoReverseMatch, reverse

    found = []
    for label, name, kwargs, params in URLS:
        try:
            found.append((label, reverse(name, kwargs=kwargs), params, name in DGCS_ONLY))
        except NoReverseMatch:
            print(f"  ({label} : adresse {name} absente, non mesurée)")
    return found


def measure(requests: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    results = {}
    urls = _urls()
    for who, user in _people().items():
        client = Client()
        client.force_login(user)
        for label, url, params, dgcs_only in urls:
            if dgcs_only and who != "DGCS":
                continue
            response = client.get(url, params)  # warm-up
            assert response.status_code == 200, (url, response.status_code)
            timings = []
            for _ in range(requests):
                started = time.perf_counter()
                client.get(url, params)
                timings.append((time.perf_counter() - started) * 1000)
            with CaptureQueriesContext(connection) as queries:
                client.get(url, params)
            timings.sort()
            p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
            results[(who, label)] = (statistics.median(timings), p95, len(queries))
    return results


def child(size: int, requests: int) -> int:
    url = database_url(size)
    _setup(url)
    from django.core.management import call_command

    from accounts.models import Territory
    from reports.models import ReportValue

    call_command("migrate", verbosity=0)
    call_command("bootstrap_site", verbosity=0)
    spent = generate(size)
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would give them
        cursor.execute("ANALYZE")
    print(
        f"PostgreSQL {url.rsplit('/', 1)[1]} : {Territory.objects.count()} territoires, "
        f"{ReportValue.objects.count()} valeurs (génération : {spent:.1f} s ce lancement)"
    )
    for (who, label), (median, p95, queries) in measure(requests).items():
        print(f"RESULT\t{size}\t{who}\t{label}\t{median:.1f}\t{p95:.1f}\t{queries}", flush=True)
    return 0


def report(lines: list[str]) -> int:
    rows = [line.split("\t")[1:] for line in lines if line.startswith("RESULT\t")]
    if not rows:
        return 1
    print()
    print(f"{'taille':>7} {'qui':12} {'adresse':30} {'p50 ms':>8} {'p95 ms':>8} {'requêtes':>9}")
    worst, counts = 0.0, {}
    for size, who, label, median, p95, queries in rows:
        print(f"{size:>7} {who:12} {label:30} {median:>8} {p95:>8} {queries:>9}")
        worst = max(worst, float(p95))
        counts.setdefault((who, label), set()).add(int(queries))
    verdict = "atteinte" if worst <= TARGET_P95_MS else "MANQUÉE"
    print(f"Pire p95 : {worst:.1f} ms (cible ≤ {TARGET_P95_MS} ms : {verdict})")
    growing = [key for key, values in counts.items() if len(values) > 1]
    if growing:
        print("Nombre de requêtes qui change avec la taille : " + ", ".join(map(str, growing)))
    else:
        print("Nombre de requêtes identique aux deux tailles : oui")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.requests)
    from bench.search import pg_answers

    if not pg_answers(PG_URL):
        print(f"Banc d’essai des bilans ignoré : PostgreSQL ne répond pas ({PG_URL}).")
        return 0
    lines = []
    for size in args.sizes:
        command = [sys.executable, __file__, "--child", str(size), "--requests", str(args.requests)]
        process = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        for line in process.stdout.splitlines():
            (lines.append if line.startswith("RESULT\t") else print)(line)
        if process.returncode:
            print(process.stderr[-3000:])
            return process.returncode
    return report(lines)


if __name__ == "__main__":
    sys.exit(main())
