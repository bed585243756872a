# Bijblijven: `make run` to try it, `make test` for the whole suite, `make check` for CI.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
APPS := training courses assessments certificates signalling organisations registers hrapi lti demo sso
PO_FILES := $(wildcard $(foreach app,$(APPS),$(app)/locale/*/LC_MESSAGES/django.po))
MO_FILES := $(PO_FILES:.po=.mo)
NODE_VERIFIER := certificates/node_verifier
# The OpenID provider the sign-in tests run on loopback (tests/sso/).
TEST_OP := tests/sso/provider
# Test processes (pytest-xdist): one per core, at least 2 and at most 4.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); echo $$(( n < 2 ? 2 : (n > 4 ? 4 : n) )))

.PHONY: install help run test test-fast lint format check demo bench clean prerequisites browser-prerequisites messages static audit

help: ## Show the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

prerequisites:
	@bash .ci/prerequisites.sh

browser-prerequisites:
	@bash .ci/prerequisites.sh --browser

$(VENV)/.installed: pyproject.toml | prerequisites
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

node_modules/.installed: package-lock.json | prerequisites
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(NODE_VERIFIER)/node_modules/.installed: $(NODE_VERIFIER)/package-lock.json | prerequisites
	npm ci --prefix $(NODE_VERIFIER) --no-audit --no-fund --loglevel=error
	@touch $@

$(TEST_OP)/node_modules/.installed: $(TEST_OP)/package-lock.json | prerequisites
	npm ci --prefix $(TEST_OP) --no-audit --no-fund --loglevel=error
	@touch $@

%.mo: %.po
	msgfmt --check-format -o $@ $<

messages: $(MO_FILES) ## Compile the translations

install: $(VENV)/.installed node_modules/.installed $(if $(wildcard $(NODE_VERIFIER)/package-lock.json),$(NODE_VERIFIER)/node_modules/.installed) $(TEST_OP)/node_modules/.installed messages

STATIC_SOURCES := $(shell find $(foreach app,$(APPS),$(app)/static) -type f 2>/dev/null)

# Collected again only when a static file, the Python packages or npm's changed.
staticfiles/.collected: $(VENV)/.installed node_modules/.installed $(STATIC_SOURCES)
	$(MANAGE) collectstatic --noinput --verbosity 0
	@touch $@

static: install staticfiles/.collected

run: install static ## Install, migrate, load the demo and serve on http://127.0.0.1:8000
	@# one Django start for both; the system checks run in `make check` (2-3 s a start)
	$(MANAGE) load_demo_content --migrate --skip-checks
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C stops)"
	$(MANAGE) runserver --skip-checks $(HOST):$(PORT)

demo: install ## Migrate and (re)load the demo content without serving
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content

test: install browser-prerequisites ## The whole suite, browser tests included
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --durations=15 $(PYTEST_ARGS)

test-fast: install browser-prerequisites ## The suite without browser tests
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not e2e" $(PYTEST_ARGS)

lint: install ## ruff and djhtml (no changes)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	find $(APPS) -name '*.html' -path '*/templates/*' -print0 | xargs -0 $(VENV)/bin/djhtml --check

format: install ## Apply ruff and djhtml formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	find $(APPS) -name '*.html' -path '*/templates/*' -print0 | xargs -0 $(VENV)/bin/djhtml

check: lint ## Everything CI runs: linters, Django checks, migrations, the suite
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	$(MAKE) test

audit: install ## Check Python and npm dependencies against known vulnerabilities (needs the internet)
	$(PY) -m pip install --quiet "pip-audit>=2.7,<3"
	$(VENV)/bin/pip-audit --strict --progress-spinner off
	npm audit --omit=dev
	npm audit --prefix $(NODE_VERIFIER) --omit=dev

bench: install ## Run the benchmarks and print their figures
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean: ## Remove installed and generated files (keeps db.sqlite3 and media)
	rm -rf $(VENV) node_modules $(NODE_VERIFIER)/node_modules $(TEST_OP)/node_modules staticfiles test-db.sqlite3*
	find . -name '*.mo' -not -path './node_modules/*' -delete
