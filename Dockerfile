# syntax=docker/dockerfile:1
# The Samverka API server.
#   docker build -t samverka .
#   docker run -p 8000:8000 \
#     -e SAMVERKA_SECRET_KEY="$(openssl rand -base64 48)" \
#     -e SAMVERKA_DATABASE_URL=postgresql+psycopg://samverka:secret@db:5432/samverka \
#     samverka
# Start-up migrates the database, then serves on port 8000. Any other command runs after the
# migration too, e.g. `docker run --rm ... samverka samverka create-user ...`.

# --- builder: the locked dependencies and the project in a virtualenv at /app/.venv ---------
FROM python:3.11-slim AS builder

ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=python3.11 \
    UV_PROJECT_ENVIRONMENT=/app/.venv

RUN pip install --no-cache-dir uv==0.13.9

WORKDIR /app

# Dependencies first, in their own layer: rebuilt only when the lock changes.
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-project

# Then the project. It stays an editable install in /app on purpose: api/migrations_state.py
# finds alembic.ini and migrations/ next to the api package. README.md is the package's readme.
COPY README.md alembic.ini ./
COPY migrations ./migrations
COPY api ./api
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev

# --- runtime: the same Python, no build tools, a non-root user -----------------------------
FROM python:3.11-slim AS runtime

LABEL org.opencontainers.image.title="Samverka API" \
      org.opencontainers.image.description="Coordination platform for sociala insatsgrupper"

# The image is for deployment: production settings refuse a missing or placeholder
# SAMVERKA_SECRET_KEY (api/config.py). SAMVERKA_DATABASE_URL and the other SAMVERKA_* settings
# come from the environment at run time; the default is the SQLite file in /app/var.
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SAMVERKA_ENV=production \
    SAMVERKA_DATABASE_URL=sqlite:////app/var/samverka.db

# WeasyPrint (the action plan's PDF) loads Pango and HarfBuzz's subsetter and renders with
# DejaVu; the same packages as `make setup` installs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 samverka \
    && useradd --system --uid 10001 --gid samverka --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin samverka

WORKDIR /app
# The code stays owned by root (read-only for the server); only /app/var is writable.
COPY --from=builder /app /app
RUN mkdir -p /app/var && chown samverka:samverka /app/var

# Numeric, so that orchestrators can verify runAsNonRoot.
USER 10001:10001

EXPOSE 8000

# The slim image has no curl; the standard library does the probe (non-2xx raises: exit 1).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

# Migrate, then replace the shell with the command (the server by default), so that it is
# PID 1 and receives SIGTERM.
ENTRYPOINT ["/bin/sh", "-c", "samverka migrate && exec \"$@\"", "samverka-entrypoint"]
CMD ["samverka", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
