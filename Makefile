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
	@HOST=$(HOST) PORT=$(PORT) $(BIN)/directory serve --host $(HOST) --port $(PORT) --check
	@echo ""
	@echo "  Partner Directory on http://$(HOST):$(PORT)"
	@echo "  GraphiQL explorer:  http://$(HOST):$(PORT)/graphql"
	@echo "  Listing workspace:  http://$(HOST):$(PORT)/manage — a staff account for a demo listing:"
	@echo "    $(BIN)/directory users create --email staff@refugio.example --organization refugio-esperanza-example --password-stdin"
	@echo "  Demo token (README.md, 'Getting a token'):"
	@echo "    $(BIN)/directory clients create --name 'GraphiQL demo' --scope 'directory:read' --json"
	@echo "    curl -s -u CLIENT_ID:CLIENT_SECRET -d grant_type=client_credentials http://$(HOST):$(PORT)/oauth/token"
	@echo "  then paste {\"Authorization\": \"Bearer ACCESS_TOKEN\"} into GraphiQL's Headers tab."
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

# GraphiQL and React for the /graphql explorer, from web/package-lock.json. Never fatal: the
# API works without them and the page says how to install them.
WEB_STAMP := web/node_modules/.installed

assets:
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "GraphiQL assets are not installed (npm not found): install Node.js and npm, then run 'make assets'"; \
	elif [ ! -f $(WEB_STAMP) ] || [ web/package-lock.json -nt $(WEB_STAMP) ]; then \
	  if (cd web && npm ci --silent --no-audit --no-fund); then touch $(WEB_STAMP); \
	  else echo "GraphiQL assets were not installed (npm ci failed in web/): the API works without them; retry 'make assets'"; fi; \
	fi

# Rewrites the committed SDL snapshot from the served schema (a test keeps them equal).
schema: $(STAMP)
	$(BIN)/python -m schema.api

clean:
	rm -rf $(VENV) var web/node_modules
