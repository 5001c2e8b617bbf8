# The two commands a newcomer needs: `make run` and `make test`. Both work from a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/governance
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
# Keys that pass Django's security.W009 (the serving processes refuse weaker ones with DEBUG off:
# governance/foundation/startup.py); for tests and benchmarks only.
TEST_ENV := SECRET_KEY=test-only-signing-key-for-the-test-suite-never-in-production DEBUG=false SECURE_SSL_REDIRECT=false STATIC_MANIFEST=false

BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/governance_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/12
BENCH_ENV := SECRET_KEY=bench-only-signing-key-for-org-10k-benchmarks-never-in-production DEBUG=false STATIC_MANIFEST=false SECURE_SSL_REDIRECT=false DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL)
BENCH_METRICS_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/governance_bench_metrics
BENCH_METRICS_ENV := SECRET_KEY=bench-only-signing-key-for-org-10k-benchmarks-never-in-production DEBUG=false STATIC_MANIFEST=false SECURE_SSL_REDIRECT=false DATABASE_URL=$(BENCH_METRICS_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL)

.PHONY: messages makemessages run install install-dev fonts lint format test test-plain test-services schemathesis screenshots migrate seed bench bench-compare bench-metrics clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PIP) install -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

## The PDF reports embed DejaVu Sans and NanumGothic from Debian's packages; install them when we can.
fonts:
	@if [ ! -f /usr/share/fonts/truetype/nanum/NanumGothic.ttf ] || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-nanum fonts-dejavu-core >/dev/null; \
	  else echo "PDF reports need fonts: sudo apt-get install -y fonts-nanum fonts-dejavu-core"; fi; \
	fi

## Compile the translation catalogues (locale/*/LC_MESSAGES/*.po -> .mo; the .mo files are never committed).
messages: install
	$(TEST_ENV) $(PY) manage.py compilemessages --ignore=.venv --ignore=var -v0

## Refresh the catalogue from the sources (then translate the new entries; the catalogue test fails on any left).
makemessages: install
	$(TEST_ENV) $(PY) manage.py makemessages -l ko --ignore=.venv --ignore=var --ignore=build --ignore=tests \
		--ignore=docs --add-location=file --no-obsolete -v0

## Serve the demo on http://127.0.0.1:8000 with a Celery worker and beat; Ctrl-C stops all of them.
run: install fonts messages
	DEBUG=$${DEBUG:-true} bash bin/run

migrate: install
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate

seed: migrate
	DEBUG=$${DEBUG:-true} $(PY) manage.py seed_demo

## ruff, then import-linter: the layers and no-circle contracts in pyproject.toml ([tool.importlinter]).
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Lint, then the plain tier on SQLite, then the integration and browser tiers on PostgreSQL and Redis.
test: lint test-plain test-services

test-plain: install-dev fonts messages
	$(TEST_ENV) DATABASE_URL= REDIS_URL= VAR_DIR=$(CURDIR)/var/test $(PY) -m pytest -m "not integration and not browser"

test-services: install-dev messages
	$(TEST_ENV) DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) VAR_DIR=$(CURDIR)/var/test \
		$(PY) -m pytest -m "integration or browser"

## The long API fuzz run (issue 15): every operation and check, 5,310 cases; ~10-15 min, so not in `make test`.
schemathesis: install-dev
	bash bin/schemathesis

## Retake the README's screenshots (docs/screenshots/, the Korean journey's in docs/screenshots/ko/) in Chromium, 1280 px wide;
## CI=true so a missing browser or database fails instead of leaving old pictures behind.
screenshots: install-dev
	$(TEST_ENV) DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) VAR_DIR=$(CURDIR)/var/test \
		CI=true SCREENSHOT_DIR=docs/screenshots $(PY) -m pytest -m browser tests/browser/test_screenshots.py \
		tests/browser/test_korean_journey.py

## Build org-10k on PostgreSQL (once; `make bench RESEED=1` rebuilds it) and write docs/benchmarks.md.
bench: install
	createdb -h 127.0.0.1 -U postgres $(notdir $(BENCH_DATABASE_URL)) 2>/dev/null || true
	$(BENCH_ENV) $(PY) manage.py migrate --no-input -v0
	if [ -n "$(RESEED)" ]; then $(BENCH_ENV) $(PY) manage.py seed_scale --reset; \
	else $(BENCH_ENV) $(PY) manage.py seed_scale || echo "(org-10k already loaded)"; fi
	$(BENCH_ENV) $(PY) manage.py bench

## The inventory API against MLflow's registry over HTTP (issue 24): gunicorn (2 workers) on org-10k beside
## `mlflow server` (2 workers, SQLite, from bin/mlflow-venv; its populated store cached under var/bench/);
## writes its own section of docs/benchmarks.md. Seeds org-10k first when the bench database is empty.
bench-compare: install
	createdb -h 127.0.0.1 -U postgres $(notdir $(BENCH_DATABASE_URL)) 2>/dev/null || true
	$(BENCH_ENV) $(PY) manage.py migrate --no-input -v0
	$(BENCH_ENV) $(PY) manage.py seed_scale || echo "(org-10k already loaded)"
	bash bin/mlflow-venv >/dev/null
	$(BENCH_ENV) $(PY) manage.py bench_compare $(if $(REPEATS),--repeats $(REPEATS))

## Prediction-set metrics: 1M-row reference and live sets on one and two real worker processes against a plain
## pandas + Fairlearn + scipy script; writes its own section of docs/benchmarks.md (ROWS=... for a smaller run).
bench-metrics: install
	createdb -h 127.0.0.1 -U postgres governance_bench_metrics 2>/dev/null || true
	$(BENCH_METRICS_ENV) $(PY) manage.py migrate --no-input -v0
	$(BENCH_METRICS_ENV) $(PY) manage.py bench_metrics $(if $(ROWS),--rows $(ROWS)) $(if $(ROUNDS),--rounds $(ROUNDS))

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
