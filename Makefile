# The front door: `make run` serves the demo directory, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format schema assets bench clean install

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

run: $(STAMP) assets
	@mkdir -p var
	$(BIN)/directory db upgrade
	$(BIN)/directory demo load --if-empty
	@echo ""
	@echo "  Partner Directory on http://$(HOST):$(PORT)"
	@echo "  GraphiQL explorer:  http://$(HOST):$(PORT)/graphql"
	@echo "  Demo token:         see README.md, 'Get a demo token'"
	@echo ""
	HOST=$(HOST) PORT=$(PORT) $(BIN)/directory serve --host $(HOST) --port $(PORT)

test: $(STAMP) assets
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check directory schema auth server tests bench
	$(BIN)/ruff format --check directory schema auth server tests bench
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format directory schema auth server tests bench
	$(BIN)/ruff check --fix directory schema auth server tests bench

assets:
	@true

clean:
	rm -rf $(VENV) var web/node_modules
