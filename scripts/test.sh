#!/usr/bin/env bash
# The static checks, then the whole suite once on PostgreSQL with Celery through Redis when those
# servers answer, then on SQLite what differs there (the search backends and their contract, the
# browser journeys `make run` users take, SQLite's locking, the demo, backups). Without
# PostgreSQL the whole suite runs on SQLite. Tests run in TEST_WORKERS processes (pytest-xdist).
# Says clearly what ran and what was skipped; fails if any run fails.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/czn}
REDIS_TEST_URL=${REDIS_TEST_URL:-redis://127.0.0.1:6379/15}
TEST_WORKERS=${TEST_WORKERS:-2}
SQLITE_URL=sqlite:///test-artifacts/tests.sqlite3
PYTEST=($PY -m pytest -q -p no:cacheprovider --create-db -n "$TEST_WORKERS" --dist loadgroup)
# What SQLite must show by itself when PostgreSQL has run everything else: the search backends,
# the journeys `make run` users take that write while the page reads (the other browser tests —
# accessibility of every key page, the reports, the guided sheet form, the composer… — check
# screens, not the database, and run on PostgreSQL), SQLite's locking, backups, the demo.
SQLITE_BROWSER=(test_forum_journey.py test_event_journey.py test_membership_journey.py
  test_practice_sheet_workflow.py test_search_journey.py test_library_journey.py)
SQLITE_PATHS=(search "${SQLITE_BROWSER[@]/#/tests/browser/}" tests/test_sqlite_concurrency.py
  tests/test_backup_restore.py website/tests/test_demo.py)
status=0
summary=()

run() {  # name, then env assignments, then -- pytest args
  local name=$1; shift
  echo
  echo "==== $name ===="
  if env "$@"; then summary+=("PASSED  $name"); else summary+=("FAILED  $name"); status=1; fi
}

check() {  # name, then the command: the static checks, each reported in the summary
  local name=$1; shift
  echo "==== $name ===="
  if "$@"; then summary+=("PASSED  $name"); else summary+=("FAILED  $name"); status=1; fi
}
check "ruff check" $PY -m ruff check .
check "ruff format --check" $PY -m ruff format --check .
check "layer contracts (lint-imports)" env PYTHONPATH=. "$(dirname "$PY")/lint-imports" --no-cache
check "migrations up to date" env DJANGO_SETTINGS_MODULE=config.settings.test \
  DATABASE_URL=sqlite:///test-artifacts/migrations-check.sqlite3 \
  $PY manage.py makemigrations --check --dry-run

pg_up=0
if $PY - "$PG_URL" <<'PYEOF' 2>/dev/null; then pg_up=1; fi
import sys, psycopg
url = sys.argv[1].rsplit("/", 1)[0] + "/postgres"
psycopg.connect(url, connect_timeout=3).close()
PYEOF

redis_up=0
if $PY - "$REDIS_TEST_URL" <<'PYEOF' 2>/dev/null; then redis_up=1; fi
import sys, redis
redis.Redis.from_url(sys.argv[1], socket_connect_timeout=2).ping()
PYEOF

broker=""
if [ $redis_up = 1 ]; then broker=$REDIS_TEST_URL; fi

if [ $pg_up = 1 ]; then
  run "PostgreSQL $PG_URL (whole suite$([ -n "$broker" ] && echo ", Celery through Redis"))" \
    DATABASE_URL="$PG_URL" CELERY_BROKER_URL="$broker" "${PYTEST[@]}"
  run "SQLite (what differs: ${SQLITE_PATHS[*]}; Celery eager)" \
    DATABASE_URL=$SQLITE_URL CELERY_BROKER_URL= "${PYTEST[@]}" "${SQLITE_PATHS[@]}"
else
  echo; echo "==== PostgreSQL: SKIPPED — no server answers at $PG_URL ===="
  summary+=("SKIPPED PostgreSQL (no server at $PG_URL)")
  run "SQLite (whole suite$([ -n "$broker" ] && echo ", Celery through Redis"))" \
    DATABASE_URL=$SQLITE_URL CELERY_BROKER_URL="$broker" "${PYTEST[@]}"
fi
if [ $redis_up = 0 ]; then
  echo; echo "==== Redis: SKIPPED — no server answers at $REDIS_TEST_URL (Celery ran eagerly) ===="
  summary+=("SKIPPED Celery through Redis (no server at $REDIS_TEST_URL)")
fi

echo
echo "==== Summary ===="
printf '%s\n' "${summary[@]}"
echo "Wall time: $((SECONDS / 60)) min $((SECONDS % 60)) s"
exit $status
