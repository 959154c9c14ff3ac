# The README's two commands are `make demo` and `make test`; .ci/run calls `make test` too.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NHSUK := node_modules/nhsuk-frontend/dist/nhsuk
STATIC := alongside/static

.PHONY: setup demo test lint typecheck pytest assets lock clean benchmark

setup: $(STAMP) assets

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
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

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

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

# Re-lock after changing pyproject.toml's dependencies.
lock:
	rm -rf .lockvenv && $(PYTHON) -m venv .lockvenv
	.lockvenv/bin/pip install --quiet --upgrade pip
	.lockvenv/bin/pip install --quiet -e '.[dev]'
	.lockvenv/bin/pip freeze --exclude-editable | grep -v '^-e' | sort > requirements.lock
	rm -rf .lockvenv

clean:
	rm -rf $(VENV) node_modules $(STATIC)/nhsuk $(STATIC)/htmx
