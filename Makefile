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

.PHONY: help setup run test lint typecheck security pytest pytest-sqlite pytest-postgresql openapi check-openapi clean

help:
	@echo "make run   - set up, migrate the SQLite demo database, seed demo data, start the worker, serve on http://$(HOST):$(PORT)"
	@echo "make test  - set up and run every check (ruff, mypy, OpenAPI lint, pytest on SQLite and, with TEST_DATABASE_URL, PostgreSQL)"

$(UV):
	@command -v python3 >/dev/null || { echo "python3 (3.11) is required but was not found." >&2; exit 1; }
	python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet
	@touch $@

# $(call system_packages,CHECK,PACKAGES,FOR): when the shell test CHECK fails, install the
# Debian PACKAGES with apt-get as root; if CHECK still fails, say what to install and stop.
define system_packages
	@{ $(1); } || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing $(2) for $(3)"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
				apt-get install -y -qq --no-install-recommends $(2) >/dev/null; \
		fi; \
	}
	@{ $(1); } || { echo "Missing for $(3): $(2); as root: apt-get install $(2)" >&2; exit 1; }
endef

# WeasyPrint (the action plan's PDF) loads Pango and HarfBuzz's subsetter from the system and
# renders with DejaVu.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
SYSTEM_CHECK := $(PY) -W error::DeprecationWarning -c "import weasyprint" 2>/dev/null \
	&& test -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

setup: $(VENV)/.synced
	$(call system_packages,$(SYSTEM_CHECK),$(SYSTEM_PACKAGES),the action plan's PDF (WeasyPrint))

# The worker (webhooks, e-mail, scheduled checks) runs beside the server and stops with it.
# The server also serves the built web app at / in demo mode (demo accounts on the login page).
run: export SAMVERKA_PUBLIC_URL ?= http://$(HOST):$(PORT)
run: export SAMVERKA_DEMO_MODE ?= true
run: export SAMVERKA_SPA_DIR ?= $(FRONTEND)/dist
run: setup frontend-build
	$(VENV)/bin/samverka migrate
	$(VENV)/bin/samverka seed-demo
	@$(VENV)/bin/samverka worker & worker=$$!; \
		trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
		$(VENV)/bin/samverka serve --host $(HOST) --port $(PORT)

lint: setup
	$(VENV)/bin/ruff check api tests migrations
	$(VENV)/bin/ruff format --check api tests migrations

typecheck: setup
	$(VENV)/bin/mypy api tests

# bandit: a high-severity finding in the application code fails. pip-audit: a known
# vulnerability in uv.lock fails unless tools/pip-audit-exceptions.txt accepts it with a reason;
# where the vulnerability service cannot be reached, one notice and no failure.
security: setup
	$(VENV)/bin/bandit --quiet --recursive api --severity-level high
	$(PY) tools/audit_dependencies.py $(UV)

# Two workers (the machine's cores); each has its own database. The schemathesis contract
# run (marker "contract") runs once: against PostgreSQL when TEST_DATABASE_URL is set. The
# PostgreSQL pass runs only the tests that use the test database (--database-tests-only):
# the others (about a third) cannot tell the two apart and ran in the SQLite pass.
PYTEST := $(VENV)/bin/pytest -n 2

pytest-sqlite: setup
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		env -u TEST_DATABASE_URL $(PYTEST) -m "not contract"; \
	else \
		$(PYTEST); \
	fi

pytest-postgresql: setup
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		$(MAKE) --no-print-directory pgbouncer-check && \
		$(PYTEST) --database-tests-only; \
	else \
		echo "TEST_DATABASE_URL is not set: the PostgreSQL pass is skipped (CI sets it)."; \
	fi

# The PostgreSQL pass also runs the app behind PgBouncer in transaction mode
# (tests/reliability/pgbouncer.py starts its own from Debian's package).
.PHONY: pgbouncer-check
pgbouncer-check:
	$(call system_packages,command -v pgbouncer >/dev/null || test -x /usr/sbin/pgbouncer,pgbouncer,the connection-pooler tests)

test: lint typecheck security lint-openapi frontend-check pytest-sqlite pytest-postgresql

# OpenAPI lint: Redocly CLI, pinned in tools/openapi-lint/package-lock.json (installed again only
# when the lock changes). Needs Node.js >= 20.19 and npm.
.PHONY: lint-openapi node-check
OPENAPI_LINT := tools/openapi-lint

node-check:
	@command -v node >/dev/null && command -v npm >/dev/null || { \
		echo "The OpenAPI lint needs Node.js >= 20.19 and npm, which were not found." >&2; \
		echo "Install them: apt-get install nodejs npm (Debian 13 ships Node 20; on older" >&2; \
		echo "distributions use a Node 20 or 22 package from NodeSource)." >&2; exit 1; }
	@node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' || { \
		echo "The OpenAPI lint needs Node.js >= 20.19; this is $$(node --version). Install a newer nodejs." >&2; exit 1; }

$(OPENAPI_LINT)/node_modules/.installed: $(OPENAPI_LINT)/package.json $(OPENAPI_LINT)/package-lock.json | node-check
	npm ci --prefix $(OPENAPI_LINT) --no-audit --no-fund --loglevel=error
	@touch $@

lint-openapi: $(OPENAPI_LINT)/node_modules/.installed | node-check
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
		$(OPENAPI_LINT)/node_modules/.bin/redocly lint --config $(OPENAPI_LINT)/redocly.yaml openapi.yaml

openapi: setup
	$(VENV)/bin/samverka export-openapi --output openapi.yaml

# The web app (frontend/README.md): packages pinned in its package-lock.json, installed again
# only when the lock changes; browsers never downloaded (Debian's chromium for the e2e tests).
.PHONY: frontend-build frontend-check frontend-client-check frontend-lint frontend-unit frontend-e2e chromium-check
FRONTEND := frontend
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
FRONTEND_SOURCES := $(shell find $(FRONTEND)/src $(FRONTEND)/public -type f 2>/dev/null) \
	$(FRONTEND)/index.html $(FRONTEND)/vite.config.ts $(FRONTEND)/tsconfig.json

$(FRONTEND)/node_modules/.installed: $(FRONTEND)/package.json $(FRONTEND)/package-lock.json | node-check
	npm ci --prefix $(FRONTEND) --no-audit --no-fund --loglevel=error
	@touch $@

$(FRONTEND)/dist/index.html: $(FRONTEND)/node_modules/.installed $(FRONTEND_SOURCES)
	npm run --prefix $(FRONTEND) build

frontend-build: $(FRONTEND)/dist/index.html

# The typed client must be the one openapi.yaml gives: regenerated and compared.
frontend-client-check: $(FRONTEND)/node_modules/.installed
	@$(FRONTEND)/node_modules/.bin/openapi-typescript openapi.yaml -o $(FRONTEND)/.schema.check.d.ts --silent
	@cmp -s $(FRONTEND)/.schema.check.d.ts $(FRONTEND)/src/client/schema.d.ts || { rm -f $(FRONTEND)/.schema.check.d.ts; \
		echo "frontend/src/client/schema.d.ts is stale: run 'npm run --prefix frontend generate-client' and commit it." >&2; exit 1; }
	@rm -f $(FRONTEND)/.schema.check.d.ts

frontend-lint: $(FRONTEND)/node_modules/.installed
	npm run --prefix $(FRONTEND) lint
	npm run --prefix $(FRONTEND) typecheck

frontend-unit: $(FRONTEND)/node_modules/.installed
	npm run --prefix $(FRONTEND) test

CHROMIUM ?= /usr/bin/chromium
chromium-check:
	$(call system_packages,test -x $(CHROMIUM),chromium,the end-to-end tests (Chromium at $(CHROMIUM)))

frontend-e2e: setup frontend-build chromium-check
	cd $(FRONTEND) && CHROMIUM_PATH=$(CHROMIUM) node_modules/.bin/playwright test

frontend-check: frontend-client-check frontend-lint frontend-unit frontend-e2e

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache tools/openapi-lint/node_modules \
		$(FRONTEND)/node_modules $(FRONTEND)/dist $(FRONTEND)/test-results

# The benchmark of issue #7, not part of `make test`: a fresh PostgreSQL database (BENCH_PG_URL,
# default the local server) seeded with BENCH_CASES synthetic cases, the server with 2 workers
# on 127.0.0.1, and wrk from a second process; writes bench/RESULTS.md (see bench/README.md).
# The live fuzzing runs first: a server that answers 5xx is not worth measuring.
.PHONY: bench
bench: setup fuzz
	BENCH_CASES=$${BENCH_CASES:-10000} $(PY) bench/run.py

# The crash test of issue #7, not part of `make test`: a write load while the server is killed
# with SIGKILL 20 times and restarted, then every acknowledged write and the access log are
# checked in a fresh PostgreSQL database (CRASH_PG_URL); writes bench/CRASH.md.
.PHONY: crash-test
crash-test: setup
	$(PY) -m bench.crash_test

# The live fuzzing of issue #7, not part of `make test`: schemathesis (all phases, stateful links
# included) against the served small demo as five roles, at least FUZZ_REQUESTS (10,000)
# requests; fails on any 5xx or response the contract does not describe; writes bench/FUZZ.md.
.PHONY: fuzz
fuzz: setup
	$(PY) -m bench.fuzz
