# The README's two commands are `make demo` and `make test`; .ci/run calls `make test` too.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NHSUK := node_modules/nhsuk-frontend/dist/nhsuk
STATIC := alongside/static

.PHONY: setup demo test lint typecheck pytest assets lock clean benchmark bench load

setup: $(STAMP) assets

# The pinned packages are installed with uv, which puts the same versions in place as pip does
# but in seconds, not minutes (docs/adr/0051-ci-under-25-minutes.md); uv itself comes from PyPI.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# NHS.UK frontend and htmx come from npm, never edited by hand: its JavaScript and images are
# copied in, and its Sass is compiled with our settings (alongside/static_src/alongside.scss).
assets: $(STATIC)/nhsuk/alongside.css

$(STATIC)/nhsuk/alongside.css: node_modules/.package-lock.json alongside/static_src/alongside.scss
	mkdir -p $(STATIC)/nhsuk $(STATIC)/htmx
	cp $(NHSUK)/nhsuk-frontend.min.js $(STATIC)/nhsuk/
	cp -r $(NHSUK)/assets $(STATIC)/nhsuk/
	cp node_modules/htmx.org/dist/htmx.min.js $(STATIC)/htmx/
	npx sass --pkg-importer=node --style=compressed --no-source-map --quiet-deps \
		alongside/static_src/alongside.scss $(STATIC)/nhsuk/alongside.css

# `make demo PORT=8001` serves on another port (README, "The two commands").
PORT ?= 8000
demo: setup
	$(BIN)/alongside demo --addrport 127.0.0.1:$(PORT)

# The layers (pyproject.toml, docs/adr/0033-layers.md) are part of lint: an upward import fails it.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy alongside

# All the tests, the browser tests included: they drive /usr/bin/chromium, and skip (saying so)
# where it is not installed (`apt-get install chromium`; .ci/run installs it).
# PYTEST_ARGS picks some: `make test PYTEST_ARGS='-m "not browser"'` leaves the browser out.
PYTEST_ARGS ?=
pytest: setup
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck pytest

# How long the commissioner's report takes for a year of demo data (prints figures; asserts nothing).
# Uses its own database under .benchmark/, built the first time.
benchmark: setup
	ALONGSIDE_DATA_DIR=.benchmark ALONGSIDE_DEBUG=1 $(BIN)/alongside benchmark_report

# Every page, the report in every format and the national pages, timed at national scale (prints
# figures; asserts nothing). Each size's data is generated once (`alongside generate`) into
# BENCH_DIR, outside the repository, in a folder named after the generator's code, so a changed
# generator makes new data. On PostgreSQL: `make bench DATABASE_URL=postgres://… SIZES=national`
# (the database is generated into when it holds no services). See docs/adr/0029-scale-out-past-one-machine.md.
SIZES ?= service region national
BENCH_DIR ?= $(HOME)/.cache/alongside/bench
BENCH_ARGS ?=
GENERATOR := $(shell cat alongside/demo/generator.py alongside/demo/bulk.py alongside/demo/england.py alongside/demo/records.py | sha1sum | cut -c1-12)
bench: setup
	@for size in $(SIZES); do \
	  export ALONGSIDE_DATA_DIR=$(BENCH_DIR)/$(GENERATOR)/$$size DJANGO_SECRET_KEY=bench-only-not-a-secret; \
	  $(BIN)/alongside generate --size $$size --reuse || exit 1; \
	  $(BIN)/alongside bench --size $$size $(BENCH_ARGS) || exit 1; \
	done

# 50 simulated users for 60 s against gunicorn on 127.0.0.1 (alongside/bench/load.py; gunicorn's
# settings in alongside/bench/gunicorn_conf.py), on a copy of the national-size data `make bench`
# builds (the run adds contacts): errors, requests/s, p50/p95/p99 per page. Production settings
# (DEBUG off, MFA required), plain http on loopback; exits non-zero on any error.
# Others: `make load LOAD_ARGS='--users 50 --seconds 60 --workers 5'`.
LOAD_SIZE ?= national
LOAD_ARGS ?= --users 50 --seconds 60
load: setup
	@export ALONGSIDE_DATA_DIR=$(BENCH_DIR)/$(GENERATOR)/$(LOAD_SIZE) DJANGO_SECRET_KEY=load-only-not-a-secret; \
	$(BIN)/alongside generate --size $(LOAD_SIZE) --reuse || exit 1; \
	copy=$$(mktemp -d /tmp/alongside-load.XXXXXX); \
	cp $$ALONGSIDE_DATA_DIR/alongside.sqlite3* $$copy/ 2>/dev/null; \
	ALONGSIDE_DATA_DIR=$$copy ALONGSIDE_SSL_REDIRECT=0 DJANGO_ALLOWED_HOSTS=127.0.0.1 \
	  $(BIN)/alongside load $(LOAD_ARGS); \
	status=$$?; rm -rf $$copy; exit $$status

# Re-lock after changing pyproject.toml's dependencies.
lock:
	rm -rf .lockvenv && $(PYTHON) -m venv .lockvenv
	.lockvenv/bin/pip install --quiet --upgrade pip
	.lockvenv/bin/pip install --quiet -e '.[dev]'
	.lockvenv/bin/pip freeze --exclude-editable | grep -v '^-e' | sort > requirements.lock
	rm -rf .lockvenv

clean:
	rm -rf $(VENV) node_modules $(STATIC)/nhsuk $(STATIC)/htmx
