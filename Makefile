# Communauté zéro non-recours — the two commands: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
# The address in e-mail links and the admin follows the port of `make run` (PORT=8001 make run).
RUN_ENV = SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)}
PG_URL ?= postgres://postgres@127.0.0.1:5432/czn
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15

.PHONY: run install install-test upgrade lock migrate demo test test-sqlite test-postgres test-redis lint audit browser-deps bench loadtest clean

$(VENV)/bin/activate:
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

## Installs come from the lock files (every version pinned, every file checked by its hash);
## `make upgrade` refreshes them from pyproject.toml and runs the suite.
$(VENV)/.installed: requirements.txt pyproject.toml | $(VENV)/bin/activate
	$(PIP) install --quiet --require-hashes --no-deps -r requirements.txt
	$(PIP) install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(PIP) install --quiet --require-hashes --no-deps -r requirements-test.txt
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test browser-deps

migrate: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput

demo: migrate
	$(RUN_ENV) $(PY) manage.py load_demo

## make run: create .venv, install, migrate SQLite, load the demo, serve on 127.0.0.1:$(PORT)
run: demo
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

## Browser tests need Debian's chromium and axe-core (npm); both are installed when missing.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests…"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "WARNING: chromium could not be installed: browser tests will fail."; }
	@test -f node_modules/axe-core/axe.min.js || npm install --silent --no-audit --no-fund >/dev/null

## make test: the whole suite on SQLite, then on PostgreSQL and through Redis when they answer.
test: install-test
	@bash scripts/test.sh

## make lock: the lock files again from pyproject.toml, keeping every pin that still fits;
## make upgrade: every dependency to its newest allowed release, then the whole suite.
LOCK = $(VENV)/bin/uv pip compile pyproject.toml --python-version 3.11.7 --generate-hashes --no-header -q
lock: install-test
	$(LOCK) -o requirements.txt
	$(LOCK) --extra test -o requirements-test.txt
	$(VENV)/bin/uv pip compile loadtest/requirements.in --python-version 3.11.7 --generate-hashes \
	  --no-header -q -o loadtest/requirements.txt

upgrade: install-test
	$(LOCK) --upgrade -o requirements.txt
	$(LOCK) --upgrade --extra test -o requirements-test.txt
	$(MAKE) install-test test

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=. $(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

## make audit: known vulnerabilities in the installed dependencies (pip-audit, PyPI's advisory
## database) and ruff's security rules (flake8-bandit) over the code.
audit: install-test
	@bash scripts/audit.sh

## make bench: page timings (bench/run.py), search (bench/search.py), saving a step of the
## guided sheet form on PostgreSQL with 20,000 sheets (bench/writing.py), the comparison of
## territories at 39 and 1,000 territories (bench/reports.py) and requests/s through
## gunicorn against a bare view (bench/throughput.py, with wrk from Debian).
bench: install-test
	@command -v wrk >/dev/null 2>&1 || (apt-get install -y -qq wrk >/dev/null 2>&1 || \
	  (apt-get update -qq && apt-get install -y -qq wrk >/dev/null))
	$(PY) bench/run.py
	$(PY) bench/writing.py
	$(PY) bench/reports.py
	$(PY) bench/throughput.py

## make loadtest: 50 users for 5 minutes (Locust, in its own .venv-loadtest) against gunicorn +
## PostgreSQL + Redis + a Celery worker, then a database check of every accepted write.
.venv-loadtest/bin/locust: loadtest/requirements.txt
	python3 -m venv .venv-loadtest
	.venv-loadtest/bin/pip install --quiet --require-hashes -r loadtest/requirements.txt

loadtest: install .venv-loadtest/bin/locust
	$(PY) loadtest/run.py

clean:
	rm -rf $(VENV) .venv-loadtest node_modules test-artifacts staticfiles
