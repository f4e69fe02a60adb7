"""Search benchmark: our search (``search/``) and Wagtail's stock database search backend, on the
same generated data, at two sizes, on SQLite and (when it answers) PostgreSQL.

Usage: python bench/search.py [--sizes small,large] [--databases sqlite,postgres]
                              [--repeat 5] [--no-wagtail] [--wagtail-timeout 10]

Data (generated directly in bulk, no page or forum objects; same seed at every run):
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

Measured (server-side, Python calls, no HTTP; the facet-count cache is emptied before every
call): for 20 French queries, ``--repeat`` runs each after one warm-up, p50 / p95 / max of
- ours, « mots seuls »: text only, no facet counts (snippets and highlighted titles included);
- ours, « facettes + surlignage »: the same queries with one or two facet values selected, all
  9 facet counts and highlighting (what /recherche/ shows);
- Wagtail, « sans filtre » and « filtre + facette » (kind filter, ``.facet("kind")``): Wagtail
  has no highlighting.
The person searching holds the keys {public, members} (a logged-in member)."""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ would come first on the path and this file would hide the ``search``
# app: the project root instead.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

SIZES = {"small": (2_000, 20_000), "large": (20_000, 200_000)}
POSTS_PER_THREAD = 10
SQLITE_PATH = ROOT / "bench" / "search.sqlite3"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/czn_bench")

QUERIES = [
    "accompagnement",
    "numérique",
    "repérage jeunes",
    "droits",
    "prime d'activité",
    '"aller vers"',
    "accès aux droits -caf",
    "beneficiaire",
    "hebergement urgence",
    "chèque énergie",
    "fracture numérique seniors",
    "complémentaire santé solidaire",
    '"croisement de fichiers"',
    "mission locale",
    "permanence mairie",
    "non-recours rsa",
    "évaluation indicateurs",
    "familles monoparentales",
    "maraude",
    "convention partenariat caf",
]

# --- Synthetic French texts ---------------------------------------------------------------------

AUDIENCES = [
    "jeunes",
    "seniors",
    "familles monoparentales",
    "personnes âgées",
    "personnes en situation de handicap",
    "travailleurs pauvres",
    "personnes sans domicile",
    "étudiants",
    "agriculteurs",
    "gens du voyage",
]
RIGHTS = [
    "RSA",
    "prime d'activité",
    "chèque énergie",
    "APL",
    "complémentaire santé solidaire",
    "ASPA",
    "allocations familiales",
    "AAH",
    "bourse",
    "aide au logement",
]
PARTNERS = [
    "CAF",
    "CPAM",
    "MSA",
    "France Travail",
    "CCAS",
    "mission locale",
    "département",
    "association",
    "bailleur social",
    "maison France services",
]
ACTIONS = [
    "aller vers",
    "croisement de fichiers",
    "permanence",
    "atelier collectif",
    "accompagnement individuel",
    "formation des professionnels",
    "maraude",
    "campagne d'information",
    "rendez-vous des droits",
    "médiation numérique",
]
BARRIERS = [
    "non-connaissance",
    "complexité administrative",
    "fracture numérique",
    "stigmatisation",
    "coût de la démarche",
    "abandon de la demande",
    "refus de la demande",
    "délais de traitement",
    "non-proposition",
    "barrière de la langue",
]
WORDS = (  # noqa: SIM905
    "les bénéficiaires l'accès aux droits sociaux une démarche un dossier la mairie le "
    "territoire des partenaires l'équipe un référent la convention l'évaluation des indicateurs "
    "le repérage une orientation l'hébergement d'urgence le logement la santé l'emploi un "
    "rendez-vous des permanences un guichet unique l'accueil social les professionnels une "
    "réunion le comité de pilotage les habitants du quartier un questionnaire la relance "
    "téléphonique un courrier un atelier les outils numériques la plateforme en ligne des "
    "formulaires simplifiés le suivi des situations une expérimentation le bilan annuel les "
    "crédits de l'État la coopération le partage des données la protection des données un "
    "accord de confidentialité des visites à domicile les travailleurs sociaux l'insertion "
    "la précarité énergétique la mobilité le transport solidaire la garde d'enfants "
    "l'alimentation la domiciliation les personnes isolées la médiation l'interprétariat"
).split()
FORUM_OPENINGS = [
    "Bonjour à tous,",
    "Merci pour ce retour.",
    "Chez nous,",
    "Question :",
    "Nous avons testé",
    "Avez-vous des retours sur",
    "Petite mise à jour :",
    "Je confirme,",
    "De notre côté,",
    "Bonne idée :",
]


SYLLABLES = [
    "ba",
    "ché",
    "dan",
    "fi",
    "gou",
    "la",
    "mé",
    "nor",
    "pa",
    "quin",
    "ré",
    "sol",
    "tan",
    "vé",
    "zou",
    "bri",
    "cla",
    "dre",
    "fon",
    "gra",
    "lu",
    "mon",
    "né",
    "pli",
    "ron",
    "sé",
    "tri",
    "van",
    "cor",
    "mar",
]
FILLER_SIZE = 20_000


def filler_vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """20,000 made-up words (« barémon », « clafi »…) with Zipf frequencies: real French text has
    a large vocabulary, so that a query word is in a part of the documents, not in all."""
    words = set()
    while len(words) < FILLER_SIZE:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    ordered = sorted(words)
    rng.shuffle(ordered)
    return ordered, list(itertools.accumulate(1 / (rank + 1) for rank in range(len(ordered))))


_FILLER: tuple[list[str], list[float]] | None = None


def sentence(rng: random.Random, length: int) -> str:
    global _FILLER
    if _FILLER is None:
        _FILLER = filler_vocabulary(random.Random(3))  # noqa: S311
    fillers = rng.choices(_FILLER[0], cum_weights=_FILLER[1], k=length)
    words = [rng.choice(WORDS) if rng.random() < 0.08 else filler for filler in fillers]
    for vocabulary in (AUDIENCES, RIGHTS, PARTNERS, ACTIONS, BARRIERS):
        if rng.random() < 0.08:
            words.insert(rng.randrange(len(words)), rng.choice(vocabulary))
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, words: int) -> str:
    out, count = [], 0
    while count < words:
        length = rng.randint(8, 16)
        out.append(sentence(rng, length))
        count += length
    return " ".join(out)


def slug(value: str) -> str:
    from django.utils.text import slugify

    return slugify(value)


def generate(sheets: int, posts: int, seed: int = 11):
    """Yield (kind, title, extra, text, facets, visibility, date) tuples, deterministic."""
    rng = random.Random(seed)  # noqa: S311 — benchmark data
    regions = [f"region-{n}" for n in range(13)]
    territories = [(f"territoire-{n}", f"Territoire {n}", regions[n % 13]) for n in range(40)]
    start = datetime(2023, 1, 1, tzinfo=UTC)
    for number in range(sheets):
        audience, right, action = rng.choice(AUDIENCES), rng.choice(RIGHTS), rng.choice(ACTIONS)
        partner, barrier = rng.choice(PARTNERS), rng.choice(BARRIERS)
        territory = rng.choice(territories)
        title = (
            rng.choice(
                [
                    f"{action.capitalize()} pour les {audience} : {right}",
                    f"Repérage des {audience} avec {partner}",
                    f"{right} : lutter contre la {barrier} par {action}",
                    f"Accompagnement des {audience} vers le {right}",
                ]
            )
            + f" ({number})"
        )
        facets = {
            "type": ["fiche"],
            "public": [slug(audience)],
            "droit": [slug(right)],
            "action": [slug(action)],
            "partenaire": [slug(partner)],
            "frein": [slug(barrier)],
            "territoire": [territory[0]],
            "region": [territory[2]],
        }
        date = start + timedelta(minutes=rng.randrange(0, 4 * 365 * 24 * 60))
        facets["annee"] = [str(date.year)]
        extra = f"{audience} {right} {action} {partner} {barrier} {territory[1]}"
        yield ("fiche", title, extra, paragraph(rng, 150), facets, "public", date)
    threads = posts // POSTS_PER_THREAD
    for number in range(threads):
        subject = rng.choice(AUDIENCES + RIGHTS + ACTIONS)
        title = (
            rng.choice(
                [
                    f"Comment toucher les {rng.choice(AUDIENCES)} ?",
                    f"Retours d'expérience sur {subject}",
                    f"Question sur le {rng.choice(RIGHTS)}",
                    f"Partenariat avec {rng.choice(PARTNERS)} : vos conseils",
                ]
            )
            + f" ({number})"
        )
        roll = rng.random()
        territory = None
        if roll < 0.8:
            visibility = "public"
        elif roll < 0.95:
            visibility = "members"
        else:
            territory = rng.choice(territories)
            visibility = f"territory:{territories.index(territory) + 1}"
        text = " ".join(
            f"{rng.choice(FORUM_OPENINGS)} {paragraph(rng, 40)}" for _ in range(POSTS_PER_THREAD)
        )
        facets = {"type": ["discussion"]}
        if rng.random() < 0.3:
            facets["public"] = [slug(rng.choice(AUDIENCES))]
        if territory:
            facets["territoire"], facets["region"] = [territory[0]], [territory[2]]
        date = start + timedelta(minutes=rng.randrange(0, 4 * 365 * 24 * 60))
        facets["annee"] = [str(date.year)]
        yield ("discussion", title, "Entraide", text, facets, visibility, date)


FILTER_SETS = [
    {"type": ["fiche"]},
    {"type": ["discussion"]},
    {"public": ["jeunes"]},
    {"type": ["fiche"], "region": ["region-3"]},
    {"droit": ["rsa"], "partenaire": ["caf"]},
]


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


def run_child(args) -> None:
    url = args.database_url
    if url.startswith("postgres"):
        ensure_pg_database(url)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

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


def main(argv=None) -> int:
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
    print_table(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
