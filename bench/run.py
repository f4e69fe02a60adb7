"""`make bench`: build a database of N practice sheets, then time the list page with filters.

Usage: python bench/run.py [--sheets 20000] [--requests 30] [--no-forum] [--no-search]
       python bench/run.py --search-only [--search-sizes small,large]
DATABASE_URL selects the database (default: bench/bench.sqlite3, kept between runs so that the
generation is paid once). Figures printed: per URL, median and 95th percentile of the server-side
time of a request through Django's test client, and the number of SQL queries. Then the forum
pages (bench/forum.py: a thread of 500 posts, a category of 10,000 threads)."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

URLS = [
    "/fiches/",
    "/fiches/?frein=fracture-numerique",
    "/fiches/?frein=non-demande&public=jeunes",
    "/fiches/?statut=en-cours&maturite=evaluee&tri=reprises",
    "/fiches/?droit=rsa&action=aller-vers&partenaire=caf&tri=titre",
    "/fiches/?q=repérage",
    "/fiches/?page=200",
]


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sheets", type=int, default=int(os.environ.get("BENCH_SHEETS", 20000)))
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--no-forum", action="store_true", help="skip the forum pages")
    parser.add_argument(
        "--search-only", action="store_true", help="only the search benchmark (bench/search.py)"
    )
    parser.add_argument("--no-search", action="store_true", help="skip the search benchmark")
    parser.add_argument(
        "--search-sizes",
        default="small,large",
        help="sizes of the search benchmark: small (2,000 sheets + 20,000 "
        "posts), large (20,000 + 200,000)",
    )
    return parser.parse_args()


def _time_list_pages(client, requests: int) -> None:
    """Per URL of the list: median and 95th percentile of ``requests`` timed requests after a
    warm-up, and the number of SQL queries of one more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    print(f"{'URL':62} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for url in URLS:
        client.get(url)  # warm-up
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(f"{url:62} {statistics.median(timings):8.1f} {p95:8.1f} {len(queries):8d}")


def main():
    args = _parse_args()
    if args.search_only:
        sys.exit(_search_bench(args))

    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("bootstrap_site", verbosity=0)
    from bench.generate import generate_sheets
    from practices.models import PracticeSheetPage

    print(f"Database: {connection.vendor} ({settings.DATABASES['default']['NAME']})")
    spent = generate_sheets(args.sheets)
    total = PracticeSheetPage.objects.live().count()
    print(f"Sheets: {total} live (generation this run: {spent:.1f} s)")
    client = Client()
    _time_list_pages(client, args.requests)
    if not args.no_forum:
        from bench.forum import run as run_forum

        run_forum(client, requests=args.requests)
    if not args.no_search:
        _search_bench(args)


def _search_bench(args) -> int:
    """bench/search.py in its own processes (its own databases: bench/search.sqlite3, and
    PostgreSQL czn_bench when it answers)."""
    from bench.search import main as search_main

    return search_main(["--sizes", args.search_sizes])


if __name__ == "__main__":
    main()
