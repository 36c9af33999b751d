# Two commands for a newcomer: `make run` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8050
# The offline mirror of official files next to this repository, when present.
MIRROR ?= $(if $(DASHBOARD_SOURCE_MIRROR),$(DASHBOARD_SOURCE_MIRROR),$(wildcard ../shared/data))
MIRROR_ARG := $(if $(MIRROR),--mirror $(MIRROR),)

.PHONY: system unit integration browser suite i18n plotly-bundle bench-pages bench-engines bench-engines-50m bench-exports bench-load run demo test data fetch serve lint typecheck unit bench synthetic clean

run: data serve  ## install, fetch, build and serve on http://127.0.0.1:8050

demo: synthetic  ## as run, plus the synthetic register's figures, bannered as a demonstration
	DASHBOARD_DEMO=synthetic $(MAKE) serve

$(BIN)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

fetch: $(BIN)/.installed
	$(BIN)/python -m dashboard.etl fetch $(MIRROR_ARG)

data: $(BIN)/.installed  ## fetch the official files and build validated frames
	$(BIN)/python -m dashboard.etl build $(MIRROR_ARG)

serve: $(BIN)/.installed
	DASHBOARD_BIND=$(HOST):$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py app:server

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(BIN)/.installed
	$(BIN)/mypy

# axe-core for the accessibility checks in the browser tests (pinned in tests/accessibility).
AXE := tests/accessibility/node_modules/axe-core/axe.min.js
$(AXE): tests/accessibility/package-lock.json
	cd tests/accessibility && npm ci --no-audit --no-fund
	touch $@

# Test layers (markers set in tests/conftest.py): `make unit` the fast layer (statistics, coding,
# layers, figures: no build of the mirror); `make integration` what needs the real build, gunicorn
# or nginx; `make browser` the Chromium tests; `make test` (what CI runs) everything.
unit: $(BIN)/.installed
	$(BIN)/pytest -m "not browser and not integration"

integration: $(BIN)/.installed
	$(BIN)/pytest -m integration

browser: $(BIN)/.installed $(AXE)
	$(BIN)/pytest -m browser

# The coverage floor: 94% of dashboard/ ran in the test process on 2 December 2026 (the browser
# tests' servers run in processes of their own and count nothing).
COVERAGE_FLOOR ?= 92
suite: $(BIN)/.installed $(AXE)
	$(BIN)/pytest --cov --cov-report=term --cov-fail-under=$(COVERAGE_FLOOR)

# The Debian packages the tests use (Chromium, ChromeDriver, Redis, LibreOffice, poppler, nginx,
# Node.js): installed when missing if this is root, else one line naming the command to run.
system:
	@missing="$$(bash deploy/install-test-system.sh --check)" && exit 0; \
	if [ "$$(id -u)" = 0 ]; then echo "installing Debian packages the tests use: $$missing"; bash deploy/install-test-system.sh; \
	else echo "make test needs Debian packages ($$missing): run  sudo bash deploy/install-test-system.sh" >&2; exit 1; fi

test: system lint typecheck suite  ## the Debian packages it needs, lint, types, the catalogue and the whole test suite

bench: data  ## build times, and the records pipeline on one million synthetic records
	$(BIN)/python -m bench.build_times $(MIRROR_ARG)
	$(BIN)/python -m bench.deaths_pipeline

ENGINE_EXTRACTS := bench/results/extract_1m.csv bench/results/extract_10m.csv
bench/results/extract_%m.csv:
	$(BIN)/python -m bench.deaths_pipeline --write-extract $@ --records $*000000
ENGINES := pipeline,polars,duckdb,pipeline_full
bench-engines: data $(ENGINE_EXTRACTS)  ## the records build against the same work in polars and DuckDB, 1M and 10M records
	$(BIN)/python -m bench.deaths_engines --extract bench/results/extract_1m.csv --repeat 15 --engines $(ENGINES)
	$(BIN)/python -m bench.deaths_engines --extract bench/results/extract_10m.csv --repeat 2 --engines $(ENGINES)
# 50M records: the 10M extract five times over (1.8 GB of CSV). polars is left out: it holds the text whole (about 13 GB).
bench/results/extract_50m.csv: bench/results/extract_10m.csv
	(head -1 $<; for copy in 1 2 3 4 5; do tail -n +2 $<; done) > $@
bench-engines-50m: data bench/results/extract_50m.csv  ## the records build and DuckDB on 50M records: memory stays bounded
	$(BIN)/python -m bench.deaths_engines --extract bench/results/extract_50m.csv --repeat 1 --engines pipeline,duckdb,pipeline_full

# Ten years around the ONS 2017 counts (2017 exact, other years varied; see dashboard/deaths/synthetic.py),
# pooled in rolling three-year windows for the LSOA maps.
SYNTHETIC_YEARS ?= 2013-2022
synthetic: data  ## the synthetic register and its indicators (labelled synthetic everywhere)
	$(BIN)/python -m dashboard.deaths synth --years $(SYNTHETIC_YEARS) --out data/synthetic_register.csv
	$(BIN)/python -m dashboard.deaths build data/synthetic_register.csv --pool-years 3

bench-pages: data  ## page weight, geometry size and callback latency against a local server
	rm -rf data/cache  # the view cache: start cold, so each view's first call is computed
	DASHBOARD_BIND=127.0.0.1:8077 DASHBOARD_WORKERS=2 $(BIN)/gunicorn -c gunicorn.conf.py app:server --daemon --pid .bench-gunicorn.pid
	sleep 4; $(BIN)/python -m bench.page_budgets --url http://127.0.0.1:8077; status=$$?; \
	kill $$(cat .bench-gunicorn.pid); rm -f .bench-gunicorn.pid; exit $$status

plotly-bundle:  ## rebuild dashboard/vendor's partial plotly.js (needs Node 20+ and npm)
	cd tools/plotly-bundle && npm ci --no-audit --no-fund && node build.js

i18n: $(BIN)/.installed  ## add new messages to the Welsh catalogue, then list those awaiting review in docs/translations.md
	$(BIN)/python -m dashboard.i18n update
	$(BIN)/python -m dashboard.i18n readme

clean:
	rm -rf data/processed data/builds data/raw data/cache .pytest_cache .mypy_cache .ruff_cache

bench-exports: data  ## export and embed speed and weight against a local server
	DASHBOARD_BIND=127.0.0.1:8078 DASHBOARD_WORKERS=2 $(BIN)/gunicorn -c gunicorn.conf.py app:server --daemon --pid .bench-exports.pid
	sleep 4; $(BIN)/python -m bench.exports --url http://127.0.0.1:8078; status=$$?; \
	kill $$(cat .bench-exports.pid); rm -f .bench-exports.pid; exit $$status

bench-load: data  ## load and faults (a worker killed, Redis stopped, slow clients); needs wrk and redis-server
	$(BIN)/python -m bench.load
