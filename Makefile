# Every target bootstraps .venv itself: a fresh machine needs only python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
DEMO := storyline-demo

.PHONY: demo test lint eval bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[web,dev]'
	touch $(STAMP)

# The suite also runs the other store backend and the scale-out path: psycopg (the PostgreSQL
# server itself is installed and started by the tests) and Ray.
$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[web,dev,postgres,scale]'
	touch $(TEST_STAMP)

demo: $(STAMP)
	rm -rf $(DEMO) && mkdir -p $(DEMO)
	$(BIN)/storyline analyze src/storyline/samples/corpus --db $(DEMO)/storyline.db
	$(BIN)/storyline export --db $(DEMO)/storyline.db --format json --out $(DEMO)/report.json
	$(BIN)/storyline export --db $(DEMO)/storyline.db --format markdown --out $(DEMO)/report.md
	$(BIN)/storyline export --db $(DEMO)/storyline.db --format html --out $(DEMO)/report.html
	@echo "Reports written to $(DEMO)/report.json, report.md and report.html"

test: $(TEST_STAMP)
	$(BIN)/ruff check src tests eval bench fuzz
	$(BIN)/ruff format --check src tests eval bench fuzz
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check src tests eval bench fuzz
	$(BIN)/ruff format --check src tests eval bench fuzz
	$(BIN)/mypy

eval: $(STAMP)
	$(BIN)/pip install --quiet -e '.[eval]'
	@# HeidelTime (the time-expression peer) needs Java and Perl: Debian packages, eval only
	command -v java >/dev/null && command -v perl >/dev/null || \
		(apt-get update -qq && apt-get install -y -qq default-jre-headless perl)
	@# each harness runs its peers in the same run and skips cleanly without ../shared/data
	for harness in timebank ecbplus polnear clough extraction; do \
		$(BIN)/python -m eval.$$harness || exit 1; done

bench: $(TEST_STAMP)
	for benchmark in bench_analysis bench_dates bench_cluster bench_derivation extraction \
		bench_story_page bench_scale bench_registry; do $(BIN)/python -m bench.$$benchmark || exit 1; done

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache
