# Every target bootstraps .venv itself: a fresh clone needs only python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXTRAS ?= web,dev

.PHONY: demo test lint bench clean install

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[$(EXTRAS)]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f out/demo.duckdb
	mkdir -p out
	$(BIN)/newsgraph ingest samples/corpus --metadata samples/corpus/metadata.csv --db out/demo.duckdb
	$(BIN)/newsgraph summary --db out/demo.duckdb
	$(BIN)/newsgraph export --db out/demo.duckdb --format dossier --out out/dossier.json
	$(BIN)/newsgraph report --db out/demo.duckdb --out out/report.html
	@echo "report: $(CURDIR)/out/report.html  (or browse the same views live: $(BIN)/newsgraph serve --db out/demo.duckdb)"

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_ingest.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
