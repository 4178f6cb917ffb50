#!/usr/bin/env bash
# The API for the end-to-end tests: a fresh SQLite database with the demo data, demo mode on,
# serving the built app (frontend/dist) on 127.0.0.1:$1. Run from frontend/ by Playwright.
set -euo pipefail
cd "$(dirname "$0")/../.."
port="${1:-8799}"
dir="var/e2e"
rm -rf "$dir" && mkdir -p "$dir"
export SAMVERKA_ENV=development
export SAMVERKA_DATABASE_URL="sqlite:///$dir/samverka.db"
export SAMVERKA_DEMO_MODE=true
export SAMVERKA_SPA_DIR=frontend/dist
export SAMVERKA_PUBLIC_URL="http://127.0.0.1:$port"
.venv/bin/samverka migrate >/dev/null
.venv/bin/samverka seed-demo >/dev/null
exec .venv/bin/samverka serve --host 127.0.0.1 --port "$port"
