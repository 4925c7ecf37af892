# One command per chore. Every target bootstraps what it needs on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: install test lint format demo bench golden clean

install: $(STAMP) $(NODE_STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install lint
	$(BIN)/pytest

demo: install
	$(BIN)/devbot demo

bench: install
	$(BIN)/python bench/generation.py
	$(BIN)/python bench/perf.py

# Regenerate the golden files on purpose, after reviewing the change in the generated documents.
golden: install
	$(BIN)/python -m tests.golden_update

clean:
	rm -rf $(VENV) node_modules .mypy_cache .pytest_cache .ruff_cache
