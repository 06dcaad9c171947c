# heroes_research — every target sets up .venv first if needed.
# Needs only Python 3.11+ and make.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
JOBS   ?= 2

.PHONY: help setup report test test-fast lab bench lint clean distclean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "heroes_research needs Python 3.11+; run: make PYTHON=python3.11 ...")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# the git pre-commit hooks (.pre-commit-config.yaml: local hooks only, no network); none outside git
HOOKS := $(shell git rev-parse --git-path hooks/pre-commit 2>/dev/null)
ifneq ($(HOOKS),)
$(HOOKS): $(STAMP) .pre-commit-config.yaml
	$(BIN)/pre-commit install
endif

setup: $(STAMP) $(HOOKS) ## Create .venv, install the package with its dependencies and the git pre-commit hooks

report: setup ## Set up, then build every notebook, table, figure, map and the report from the demo data
	$(BIN)/heroes build --jobs $(JOBS)

test: setup ## Set up, then run the whole test suite (notebooks included)
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup

test-fast: setup ## Run the tests that do not execute notebooks
	$(BIN)/python -m pytest -n $(JOBS) -m "not slow"

LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json

$(LAB_SETTINGS): $(STAMP)
	@mkdir -p $(dir $@)
	@echo '{"@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"python": "Jupytext Notebook"}}}' > $@

lab: setup $(LAB_SETTINGS) ## Start JupyterLab; notebooks/*.py open as notebooks (jupytext)
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: setup ## Run every benchmark (slow; writes figures to stdout)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

lint: setup ## Ruff over the package, tests and notebooks
	$(BIN)/ruff check heroes_research tests benchmarks notebooks

clean: ## Remove built outputs (data/processed, reports)
	find data/processed reports -mindepth 1 ! -name README.md ! -name .gitkeep ! -name registry.yaml -delete 2>/dev/null || true

distclean: clean ## Also remove .venv
	rm -rf $(VENV)
