"""Search benchmark: our search (``search/``) and Wagtail's stock database search backend, on the
same generated data, at two sizes, on SQLite and (when it answers) PostgreSQL.

Usage: python bench/search.py [--sizes small,large] [--databases sqlite,postgres]
                              [--repeat 5] [--no-wagtail] [--wagtail-timeout 10]

Data (``bench/search_data.py``: generated directly in bulk, no page or forum objects; same seed
at every run):
- large: 20,000 practice sheets and 200,000 forum posts in 20,000 discussions (10 posts each),
  i.e. 40,000 search documents; small: a tenth (2,000 sheets, 20,000 posts, 4,000 documents).
  Synthetic French texts (a sheet ~150 words, a post ~40 words) over the domain vocabulary, with
  accents, elisions and plurals; facets (type, audiences, barriers, rights, action types,
  partners, territory among 40, region, year); visibility: sheets public, discussions 80 %
  public, 15 % members, 5 % a territory's team.
- Our search: the generated documents go through the production rebuild,
  ``search.indexing.load`` (what ``manage.py search_reindex`` does once it has read the
  sources). SQLite: rows written with ``bulk_create`` in one transaction, then our FTS5 table
  (stems computed in Python). PostgreSQL: a new table filled by ``COPY`` on two connections
  (the database generates the stored ``tsvector``), its indexes built, ``ANALYZE``, then swapped
  in (``search.backends.table_swap``). « Rebuild » = all of it; « écriture » the table,
  « index » the FTS5 table (nothing left to do on PostgreSQL).
- Wagtail: the same titles and texts as rows of a table made for the benchmark (model
  ``BenchText``: title boosted, body, a ``kind`` filter field), indexed with Wagtail's own
  ``search_backend.add_bulk`` (stock ``wagtail.search.backends.database``: SQLite FTS5 or
  PostgreSQL). Real Wagtail pages are not created: 20,000 pages take ~6 minutes to create here
  and would not change what Wagtail's backend indexes (title + text per object). Each Wagtail
  query is interrupted after ``--wagtail-timeout`` seconds (reported as « > N s »).

Measured (``bench/search_measure.py``: server-side, Python calls, no HTTP; the facet-count cache
is emptied before every call): for 20 French queries, ``--repeat`` runs each after one warm-up,
p50 / p95 / max of
- ours, « mots seuls »: text only, no facet counts (snippets and highlighted titles included);
- ours, « facettes + surlignage »: the same queries with one or two facet values selected, all
  9 facet counts and highlighting (what /recherche/ shows);
- Wagtail, « sans filtre » and « filtre + facette » (kind filter, ``.facet("kind")``): Wagtail
  has no highlighting.
The person searching holds the keys {public, members} (a logged-in member)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ would come first on the path and this file would hide the ``search``
# app: the project root instead.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

SIZES = {"small": (2_000, 20_000), "large": (20_000, 200_000)}
SQLITE_PATH = ROOT / "bench" / "search.sqlite3"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/czn_bench")


# --- Child process: one database ----------------------------------------------------------------


def setup_django(database_url: str):
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DEBUG"] = "false"
    os.environ["ELASTICSEARCH_URL"] = ""
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    settings.ELASTICSEARCH_URL = ""


def run_child(args) -> None:
    url = args.database_url
    if url.startswith("postgres"):
        ensure_pg_database(url)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from bench.search_measure import (
        bench_model,
        fill_ours,
        fill_wagtail,
        measure_ours,
        measure_wagtail,
    )

    call_command("migrate", verbosity=0)
    model = bench_model()
    for size in args.sizes.split(","):
        sheets, posts = SIZES[size]
        result = {"database": connection.vendor, "size": size, "sheets": sheets, "posts": posts}
        result["ours_fill"] = fill_ours(sheets, posts)
        result["ours"] = measure_ours(args.repeat)
        if not args.no_wagtail and size in args.wagtail_sizes.split(","):
            result["wagtail_index_s"] = fill_wagtail(model)
            result["wagtail"] = measure_wagtail(model, args.repeat, args.wagtail_timeout)
        print("RESULT " + json.dumps(result), flush=True)


def ensure_pg_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    maintenance = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=3) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def pg_answers(url: str) -> bool:
    try:
        import psycopg

        maintenance = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(maintenance, connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001 — no server: skipped, said so
        return False


# --- Parent: one child per database, then the table ---------------------------------------------


def print_table(results: list[dict]) -> None:
    print()
    print(
        f"{'base':10} {'taille':7} {'moteur':8} {'scénario':24} {'p50 ms':>9} {'p95 ms':>9} "
        f"{'max ms':>9}"
    )
    for result in results:
        for engine in ("ours", "wagtail"):
            for scenario, figures in result.get(engine, {}).items():
                extra = ""
                if figures.get("timeouts"):
                    extra += f"  ({figures['timeouts']} requêtes interrompues à la limite)"
                if figures.get("empty"):
                    extra += f"  ({figures['empty']} sans résultat)"
                label = "le nôtre" if engine == "ours" else "Wagtail"
                print(
                    f"{result['database']:10} {result['size']:7} {label:8} {scenario:24} "
                    f"{figures['p50']:9.1f} {figures['p95']:9.1f} {figures['max']:9.1f}"
                    f"{extra}"
                )
    print()
    print(
        f"{'base':10} {'taille':7} {'documents':>10} {'écriture s':>11} {'index s':>8} "
        f"{'reconstruction s':>17} {'index Wagtail s':>16}"
    )
    for result in results:
        fill = result["ours_fill"]
        wagtail = result.get("wagtail_index_s")
        print(
            f"{result['database']:10} {result['size']:7} {fill['documents']:10d} "
            f"{fill['write_s']:11.1f} {fill['index_s']:8.1f} {fill['rebuild_s']:17.1f} "
            f"{(f'{wagtail:.1f}' if wagtail is not None else '—'):>16}"
        )
    by_key = {(r["database"], r["size"]): r for r in results}
    print()
    for database in sorted({r["database"] for r in results}):
        small, large = by_key.get((database, "small")), by_key.get((database, "large"))
        if small and large:
            for scenario in large["ours"]:
                ratio = large["ours"][scenario]["p95"] / max(small["ours"][scenario]["p95"], 0.001)
                print(f"{database}: p95 grande taille / petite taille ({scenario}) : {ratio:.2f}")
    for result in results:
        for scenario, figures in result["ours"].items():
            slow = ", ".join(
                f"{text!r} {ms:.0f} ms ({total})" for ms, text, total in figures["slowest"]
            )
            print(f"{result['database']} {result['size']} {scenario} — plus lentes : {slow}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="small,large")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-wagtail", action="store_true")
    parser.add_argument("--wagtail-timeout", type=float, default=10.0)
    parser.add_argument(
        "--wagtail-sizes",
        default="small",
        help="sizes at which Wagtail's backend is measured (default: small)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", default="", help=argparse.SUPPRESS)
    parser.add_argument("--json", default="", help="also write the results to this file")
    return parser


def main(argv=None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.child:
        run_child(args)
        return 0
    results = []
    for database in args.databases.split(","):
        if database == "sqlite":
            url = f"sqlite:///{SQLITE_PATH}"
        elif database == "postgres":
            url = PG_URL
            if not pg_answers(url):
                print(f"PostgreSQL ne répond pas ({url}) : mesures PostgreSQL sautées.")
                continue
        else:
            parser.error(f"unknown database {database!r}")
        returncode = _run_child_process(args, database, url, results)
        if returncode:
            return returncode
    print_table(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


def _run_child_process(args, database: str, url: str, results: list[dict]) -> int:
    """The measures of one database in a process of its own; its results are added to
    ``results``. Returns the process's exit status."""
    command = [
        sys.executable,
        "-m",
        "bench.search",
        "--child",
        "--database-url",
        url,
        "--sizes",
        args.sizes,
        "--repeat",
        str(args.repeat),
        "--wagtail-timeout",
        str(args.wagtail_timeout),
        "--wagtail-sizes",
        args.wagtail_sizes,
    ]
    if args.no_wagtail:
        command.append("--no-wagtail")
    print(f"== {database} ({args.sizes}) …", flush=True)
    started = time.perf_counter()
    process = subprocess.run(  # noqa: S603
        command,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    for line in process.stdout.splitlines():
        if line.startswith("RESULT "):
            results.append(json.loads(line[len("RESULT ") :]))
    if process.returncode:
        print(process.stdout[-3000:])
        print(process.stderr[-5000:])
        return process.returncode
    print(f"   fait en {time.perf_counter() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
