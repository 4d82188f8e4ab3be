# The two commands of the README: `make serve` and `make test`. Both set up
# everything they need on a fresh machine (virtualenv, packages, Chromium).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve build check test lint lock chromium node_modules vendor clean

# Everything installs from the committed lock (exact versions and hashes), never from the
# open ranges in pyproject.toml, so a fresh machine gets what the tests passed on.
LOCK ?= requirements/dev.lock

$(STAMP): $(LOCK) pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $@

UV_COMPILE = $(BIN)/uv pip compile pyproject.toml requirements/tools.in --extra test \
	--generate-hashes --universal --python-version 3.11 --quiet

## Update the locks on purpose: the newest versions pyproject.toml allows (dev.lock), the
## lowest (lowest.lock, for the lowest-versions CI job) and the other engines CI builds with
## (engines.lock: ProperDocs, Zensical). Commit them alone, after a test run.
lock: $(STAMP)
	$(UV_COMPILE) --upgrade -o requirements/dev.lock
	$(UV_COMPILE) --upgrade --resolution lowest-direct -o requirements/lowest.lock
	$(BIN)/uv pip compile requirements/engines.in -c requirements/dev.lock --generate-hashes --universal \
		--python-version 3.11 --quiet --upgrade -o requirements/engines.lock

## Serve the site at http://127.0.0.1:8000; a saved edit rebuilds only the pages it changes.
serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

## Build the site into site/, failing on any warning.
build: $(STAMP)
	$(BIN)/mkdocs build --strict

OFFLINE_SITE ?= site-offline
OFFLINE_ZIP ?= casebook-offline.zip

## A zip of the site that works opened from a folder, with no network (file://).
offline: $(STAMP) node_modules
	$(BIN)/mkdocs build --strict --config-file mkdocs.offline.yml --site-dir $(abspath $(OFFLINE_SITE))
	# Material's search needs this shim on file://; its default copy is on a CDN, unreachable offline.
	install -D -m 644 node_modules/iframe-worker/shim/index.js $(abspath $(OFFLINE_SITE))/assets/javascripts/iframe-worker/shim.js
	rm -f $(OFFLINE_ZIP)
	cd $(dir $(abspath $(OFFLINE_SITE))) && $(abspath $(BIN))/python -m zipfile -c $(abspath $(OFFLINE_ZIP)) $(notdir $(abspath $(OFFLINE_SITE)))
	@echo "Wrote $(OFFLINE_ZIP): unzip it and open $(notdir $(OFFLINE_SITE))/index.html"

## Check every case file.
check: $(STAMP)
	$(BIN)/casebook check

## Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

## From npm: axe-core for the accessibility tests, iframe-worker for search from disk, ajv and
## esbuild for the propose form's validator (make vendor), ESLint for make lint.
node_modules:
	@[ -f node_modules/axe-core/axe.min.js ] && [ -f node_modules/iframe-worker/shim/index.js ] && [ -f node_modules/ajv/package.json ] && [ -f node_modules/esbuild/package.json ] && [ -f node_modules/yaml/package.json ] && [ -f node_modules/markdown-it/package.json ] && [ -f node_modules/eslint/package.json ] || if [ -f package-lock.json ]; \
		then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi

## Compile the case schema into the propose form's validator (no eval: the pages' security
## policy forbids it), after the schema changed or npm install updated Ajv; bundle the
## libraries the form runs (yaml, markdown-it) with their licences.
vendor: node_modules
	node tools/case-validator.mjs
	node tools/vendor-libraries.mjs
	node tools/presenter.mjs

lint: $(STAMP) node_modules
	node_modules/.bin/eslint --max-warnings 0 .
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/ruff format --check plugins tests benchmarks
	$(BIN)/mypy
	$(BIN)/mypy benchmarks
	$(BIN)/zizmor --offline --quiet .github/workflows

## Lint, type-check, check the cases and run every test (browser tests included).
test: $(STAMP) chromium node_modules lint
	$(BIN)/casebook check
	node --test tests/js/*.test.mjs
	$(BIN)/python -m pytest -n auto --dist worksteal

clean:
	rm -rf site site-offline casebook-offline.zip .pytest_cache .mypy_cache .ruff_cache .cache/casebook
