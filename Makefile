# opencsc: `make run` to try it, `make test` to check it. `make help` lists the rest.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OPENCSC := $(BIN)/opencsc
PORT ?= 8000
CHILDREN ?= 3000
export DJANGO_SETTINGS_MODULE ?= opencsc.config.settings.dev
export OPENCSC_DEMO_PASSWORD ?= opencsc-demo-2026
PG_URL ?= postgres://postgres@127.0.0.1:5432/opencsc

.DEFAULT_GOAL := help
.PHONY: help install run migrate seed test test-postgres journeys bench lint format clean

help: ## List the make targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "opencsc needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $@

frontend/dist/opencsc.css: package.json package-lock.json frontend/opencsc.scss frontend/opencsc.js frontend/build.mjs
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build

install: $(BIN)/.installed frontend/dist/opencsc.css ## Create the virtual environment and build the front end (pinned)

migrate: install ## Migrate the database (SQLite under var/ unless DATABASE_URL is set)
	$(OPENCSC) migrate --no-input

seed: migrate ## Seed the fictional demo trust if the database is empty
	$(OPENCSC) seed_demo --if-empty --children $(CHILDREN)

run: seed ## Install, migrate, seed the demo trust and serve http://127.0.0.1:8000
	@$(OPENCSC) demo_signins
	$(OPENCSC) runserver 127.0.0.1:$(PORT)

test: install ## Run every test, with the browser journeys where Chromium is found
	@if [ -x "$${OPENCSC_CHROMIUM:-/usr/bin/chromium}" ]; then \
		echo "Chromium found: the browser journeys will run."; \
	else \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo "!! Chromium NOT found at /usr/bin/chromium: browser journeys are SKIPPED. !!"; \
		echo "!! Install it (apt-get install chromium) to run them.                     !!"; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	fi
	DJANGO_SETTINGS_MODULE=opencsc.config.settings.test $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install ## Run every test against PostgreSQL (PG_URL)
	DATABASE_URL=$(PG_URL) DJANGO_SETTINGS_MODULE=opencsc.config.settings.test $(BIN)/pytest $(PYTEST_ARGS)

journeys: install ## Run only the browser journeys
	DJANGO_SETTINGS_MODULE=opencsc.config.settings.test $(BIN)/pytest tests/journeys $(PYTEST_ARGS)

bench: install ## Print the benchmark figures (seeding, search, child page) on SQLite and PostgreSQL
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

lint: install ## Check formatting and lint with ruff
	$(BIN)/ruff check opencsc tests benchmarks

format: install ## Format with ruff
	$(BIN)/ruff format opencsc tests benchmarks

clean: ## Remove the virtual environment, front-end build and local database
	rm -rf $(VENV) node_modules frontend/dist var
