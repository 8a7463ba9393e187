# CV Paper Atlas. Every target bootstraps .venv from requirements.txt the first time and reuses it.
# Quick start: `make serve` (preview at http://127.0.0.1:8000/) and `make test` (the whole suite).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: help serve build test check lint new-paper refresh bench linkcheck-external clean

help:
	@echo "make serve               preview both languages at http://127.0.0.1:8000/, rebuilding on edits"
	@echo "make test                run the whole test suite (data, rendering, built site, browser)"
	@echo "make build               build site/ (both languages, strict)"
	@echo "make check               validate data/ without building (and list stale translations)"
	@echo "make new-paper ID=<id>   write data/papers/<id>.yaml from the template"
	@echo "  ... ARXIV=<arxiv id>   the same, prefilled from arXiv (title, authors, year, ids, venue)"
	@echo "make refresh             citation counts, code health and a drift report (needs the network;"
	@echo "                         REFRESH_ARGS='--only code --papers resnet --dry-run' to narrow it)"
	@echo "make lint                ruff"
	@echo "make bench               build-time and size benchmark (BENCH_N=500,2000 to choose sizes)"
	@echo "make linkcheck-external  check external links (needs the network; not part of make test)"

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

# axe-core for the accessibility test; skipped (locally only) when npm is missing.
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the accessibility test will be skipped"; fi

serve: $(STAMP)
	$(PY) -m tools.serve

build: $(STAMP)
	$(PY) -m tools.build

check: $(STAMP)
	$(PY) -m cvatlas check

new-paper: $(STAMP)
	@test -n "$(ID)" || (echo "usage: make new-paper ID=<paper-id> [ARXIV=<arxiv id>]" && exit 2)
	$(PY) -m cvatlas new-paper $(ID)$(if $(ARXIV), --arxiv $(ARXIV))

# Writes data/papers/*.yaml and refresh-report/; the weekly workflow opens a pull request with them.
refresh: $(STAMP)
	$(PY) -m tools.refresh $(REFRESH_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .

test: $(STAMP) $(NODE_STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) -m tools.bench

linkcheck-external: $(STAMP)
	$(PY) -m tools.linkcheck_external

clean:
	rm -rf site .cache .pytest_cache test-artifacts
