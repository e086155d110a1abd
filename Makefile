# The two commands of the project (see README.md):
#   make build   the main job: set up, generate the demo data, dbt build on DuckDB
#   make test    the test suite: lint, dbt build with every test on a small generated dataset, pytest
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PERSONS ?= 10000
SEED ?= 42
RAW_PATH ?= data/raw
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export TESSERA_RAW_PATH := $(RAW_PATH)

.PHONY: build setup generate dbt-build test lint lint-dbt lint-sql pytest eval bench docs clean

build: setup generate dbt-build

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

generate: setup
	$(BIN)/python -m tessera.generate --persons $(PERSONS) --seed $(SEED) --out $(RAW_PATH)

# Two steps, the selectors of selectors.yml: erasure_step resolves new erasure requests against the identity graph
# (erasure_suppressions), all builds everything with their people's rows blanked from the base models on.
dbt-build: setup
	$(BIN)/dbt build --full-refresh --selector erasure_step
	$(BIN)/dbt build --full-refresh --selector all

# The lint and pytest run side by side (the lint reads no data; pytest's workers build in databases of their own),
# and pytest spreads its test files over TEST_WORKERS processes: a dbt run keeps about one core busy.
TEST_WORKERS ?= 2

test: setup
	$(MAKE) --no-print-directory -j2 --output-sync=target lint pytest

# The lint: the project's metadata, then its SQL. Neither reads data nor builds anything; the DuckDB file in target/
# only gives the parser a target to name relations in.
lint: lint-dbt lint-sql

# dbt-score on the manifest of `dbt parse`, with the rules of pyproject.toml ([tool.dbt-score]): intermediate models
# never read a mart, marts have an enforced contract and an owner, models and macros are documented. dbt itself fails
# the parse when a macro's documented arguments are not those of its signature or document a macro that is gone.
lint-dbt: setup
	mkdir -p target
	TESSERA_DUCKDB_PATH=target/lint.duckdb $(BIN)/dbt parse \
		--warn-error-options '{"error": ["InvalidMacroAnnotation", "MacroNotFoundForPatch"]}'
	$(BIN)/dbt-score lint --manifest target/manifest.json

# After lint-dbt: both write the manifest in target/.
lint-sql: setup lint-dbt
	mkdir -p target && TESSERA_DUCKDB_PATH=target/lint.duckdb $(BIN)/sqlfluff lint models tests analyses

pytest: setup
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

# Accuracy of identity resolution against the generator's ground truth: reports/eval.json
eval: build
	$(BIN)/python -m tessera.evaluate --database $${TESSERA_DUCKDB_PATH:-tessera.duckdb} --raw $(RAW_PATH) --out reports/eval.json

# Connected-components engines against scipy on the same edges, at the scale of PERSONS: reports/bench.json
bench: build
	$(BIN)/python -m tessera.bench --database $${TESSERA_DUCKDB_PATH:-tessera.duckdb} --label persons_$(PERSONS)

docs: setup
	$(BIN)/dbt docs generate

clean:
	rm -rf target logs data reports tessera.duckdb tessera.duckdb.wal
