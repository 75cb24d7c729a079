# Two commands for a fresh checkout: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# `make demo PORT=8001` serves the demo on another port.
PORT ?= 8000
# The benchmarks: OUTPUT names the file they write (default: a new file under
# bench/results/, printed at the end); ARGS go to the script (e.g. ARGS=--record).
OUTPUT ?=
ARGS ?=
BENCH_ARGS = $(if $(OUTPUT),--output $(OUTPUT)) $(ARGS)

.PHONY: demo test install migrate lint docs messages serve fuzz bench load scaleout builds bench-ingest wrk

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,docs]"
	touch $(BIN)/activate

install: $(BIN)/activate

migrate: install
	$(BIN)/python manage.py migrate --verbosity 0

demo: install
	@$(BIN)/python scripts/check_port.py $(PORT)
	$(BIN)/python manage.py migrate --verbosity 0
	$(BIN)/python manage.py load_demo
	@$(BIN)/python scripts/check_port.py $(PORT)
	@echo
	@echo "Dossier is serving the demo at http://127.0.0.1:$(PORT)/"
	@echo "To log in to the admin, create a login in another terminal with:"
	@echo "    $(BIN)/python manage.py createsuperuser"
	@echo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The documentation site (docs/), into docs/_build/html. Warnings are errors: a link to a page
# or a heading that does not exist, or a page no table of contents lists, fails the build.
docs: install
	$(BIN)/sphinx-build -W --keep-going -n -q -b html docs docs/_build/html
	@echo "The documentation is in docs/_build/html/index.html"

# The German catalogue made anew from the code and templates (tests, benchmarks and docs
# left out, entries no longer used dropped), then compiled; see docs/developers/translations.md.
messages: install
	$(BIN)/python manage.py makemessages -l de --ignore=tests --ignore=bench --ignore=docs --no-obsolete
	$(BIN)/python manage.py compilemessages -l de

# The full fuzz run: at least 1,000 generated requests to every page and endpoint.
fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest tests/test_fuzz.py tests/test_api_schemathesis.py

# The benchmarks run against PostgreSQL: DATABASE_URL, else
# postgres://postgres@127.0.0.1:5432/dossier_bench, created when missing.
# Generates 10k, 100k and 1M claims into an empty database (ARGS=--reuse measures
# what it holds, ARGS=--replace drops it first); see docs/developers/benchmarks.md.
bench: install wrk
	$(BIN)/python -m pip install --quiet -e ".[dev,docs,bench]"
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Each public page built anew (its kept copy emptied before each request).
builds: install
	$(BIN)/python bench/builds.py $(BENCH_ARGS)

# Bringing in documents: 50 web pages, 10 text PDFs and scanned pages through
# `manage.py ingest --confirm`, each case on a fresh database of its own.
bench-ingest: install
	$(BIN)/python bench/ingest.py $(BENCH_ARGS)

# Production: gunicorn serving Dossier, WhiteNoise its static files. Needs SECRET_KEY,
# ALLOWED_HOSTS and DATABASE_URL in the environment (see docs/operators/production.md).
serve: install
	DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DEBUG=0 $(BIN)/python manage.py migrate --verbosity 0
	DEBUG=0 $(BIN)/gunicorn dossier.wsgi:application --workers $${WORKERS:-2} --bind $${BIND:-127.0.0.1:8000}

# A 60-second load test of a mix of pages and API calls, on 127.0.0.1 (generates
# 100,000 claims first when the database holds none).
load: install wrk
	$(BIN)/python bench/load.py $(BENCH_ARGS)

# One app server against two sharing Redis and reading from a streaming replica.
scaleout: install wrk
	$(BIN)/python bench/scaleout.py $(BENCH_ARGS)

# wrk drives `make bench` and `make load`: installed from Debian's packages where we
# may (root, apt-get), else we stop and say how to get it.
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get install -y --no-install-recommends wrk \
	      || { apt-get update && apt-get install -y --no-install-recommends wrk; }; \
	  else \
	    echo "make bench and make load need wrk, which is not installed. Install it with" \
	      "your package manager (apt-get install wrk, dnf install wrk, brew install wrk)" \
	      "and run this again." >&2; \
	    exit 1; \
	  fi; \
	}
