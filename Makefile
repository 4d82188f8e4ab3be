# The two commands of the README: `make serve` and `make test`. Both set up
# everything they need on a fresh machine (virtualenv, packages, Chromium).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve build check test lint chromium node_modules clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

## Serve the site at http://127.0.0.1:8000 and rebuild on every change.
serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## Build the site into site/, failing on any warning.
build: $(STAMP)
	$(BIN)/mkdocs build --strict

## Check every case file.
check: $(STAMP)
	$(BIN)/casebook check

## Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

## axe-core from npm for the accessibility tests (installed only when missing).
node_modules:
	@[ -f node_modules/axe-core/axe.min.js ] || if [ -f package-lock.json ]; \
		then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi

lint: $(STAMP)
	$(BIN)/ruff check plugins tests
	$(BIN)/ruff format --check plugins tests
	$(BIN)/mypy

## Lint, type-check, check the cases and run every test (browser tests included).
test: $(STAMP) chromium node_modules lint
	$(BIN)/casebook check
	$(BIN)/python -m pytest

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
