# The few tasks people run. `make run` and `make test` work on a fresh machine
# with only Python 3.11+: they create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The address the site is served at (canonical links, sitemap, API, emails).
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test bench mutate lint format chromium wrk clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

## run: set up, migrate, load the demo and serve on http://127.0.0.1:8000
run: export SITE_URL := $(SITE_URL)
run: $(VENV)/.installed-run
	$(MANAGE) migrate --no-input
	$(MANAGE) sync_default_site
	$(MANAGE) load_demo
	$(MANAGE) collectstatic --no-input --verbosity 0
	@echo "Serving on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/gunicorn config.wsgi \
		--config gunicorn.conf.py --bind $(HOST):$(PORT)

## test: set up, check lint and migrations, run every test (browser tests too)
test: $(VENV)/.installed-dev chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	# Migrations do not depend on the database: check them against SQLite.
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest

## mutate: mutation testing of the rule modules (mutmut; not part of `make test`);
## fails if a mutant survives (docs/testing.md lists the equivalent ones, marked
## "pragma: no mutate"). One mutant at a time, on a kept SQLite test database.
mutate: $(VENV)/.installed-dev
	rm -rf mutants
	env -u DATABASE_URL TEST_DATABASE_NAME=$(CURDIR)/mutants/test.sqlite3 \
		$(BIN)/mutmut run --max-children 1
	@$(BIN)/mutmut results | tee mutants/results.txt
	@! grep -q -e survived -e timeout -e suspicious mutants/results.txt

## bench: the site under gunicorn (production settings, SQLite or DATABASE_URL)
## with 200 generated categories, driven by wrk; prints one table (docs/performance.md)
bench: $(VENV)/.installed-dev wrk
	$(BIN)/python -m bench.run

## wrk: Debian's HTTP load tool for the benchmark (installed when root)
wrk:
	@if ! command -v wrk >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		else \
			echo "make bench needs wrk: sudo apt-get install wrk"; exit 1; \
		fi; \
	fi

## chromium: Debian's Chromium for the browser tests (installed when root)
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "Browser tests need Debian's Chromium: sudo apt-get install chromium"; exit 1; \
		fi; \
	fi

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .pytest_cache .ruff_cache
