# Samverka: `make run` serves the demo, `make test` runs every check. Both set up what they need.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
export PYTHONDONTWRITEBYTECODE := 1

VENV := .venv
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help setup run test lint typecheck pytest pytest-sqlite pytest-postgresql openapi check-openapi clean

help:
	@echo "make run   - set up, migrate the SQLite demo database, seed demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test  - set up and run every check (ruff, mypy, pytest on SQLite and, with TEST_DATABASE_URL, PostgreSQL)"

$(UV):
	@command -v python3 >/dev/null || { echo "python3 (3.11) is required but was not found." >&2; exit 1; }
	python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet
	@touch $@

setup: $(VENV)/.synced

run: setup
	$(VENV)/bin/samverka migrate
	$(VENV)/bin/samverka seed-demo
	$(VENV)/bin/samverka serve --host $(HOST) --port $(PORT)

lint: setup
	$(VENV)/bin/ruff check api tests migrations
	$(VENV)/bin/ruff format --check api tests migrations

typecheck: setup
	$(VENV)/bin/mypy api tests

pytest-sqlite: setup
	env -u TEST_DATABASE_URL $(VENV)/bin/pytest

pytest-postgresql: setup
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		$(VENV)/bin/pytest; \
	else \
		echo "TEST_DATABASE_URL is not set: the PostgreSQL pass is skipped (CI sets it)."; \
	fi

test: lint typecheck pytest-sqlite pytest-postgresql

openapi: setup
	$(VENV)/bin/samverka export-openapi --output openapi.yaml

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
