"""What a harness needs before it serves the app: the server's environment and a fresh database.

Shared by the harnesses that start ``samverka serve`` themselves (bench/fuzz.py; bench/run.py
and bench/crash_test.py build the same by hand). Starting and stopping the server is
``bench.run.server``.
"""

from __future__ import annotations

import os
import secrets

from bench.run import Config, admin_sql, samverka

ACCESS_TOKEN_MINUTES = 240  # outlasts every harness's run


def app_env(cfg: Config) -> dict[str, str]:
    """The environment of ``samverka`` commands and the server: ``cfg``'s database and pool, a
    fresh signing key (the same for every restart in one run) and the demo password."""
    return {
        **os.environ,
        "SAMVERKA_ENV": "development",
        "SAMVERKA_DATABASE_URL": cfg.database_url(),
        "SAMVERKA_SECRET_KEY": secrets.token_urlsafe(48),
        "SAMVERKA_DB_POOL_SIZE": cfg.pool_size,
        "SAMVERKA_ACCESS_TOKEN_MINUTES": str(ACCESS_TOKEN_MINUTES),
        "SAMVERKA_DEMO_PASSWORD": cfg.password,
    }


def fresh_database(cfg: Config, env: dict[str, str]) -> None:
    """Drop ``cfg.database`` if it exists, create it empty and migrate it to the newest head.
    The name is a plain identifier (a constant, or ``BENCH_DATABASE`` after ``Config.check``)."""
    admin_sql(
        cfg,
        f'DROP DATABASE IF EXISTS "{cfg.database}" WITH (FORCE)',
        f'CREATE DATABASE "{cfg.database}"',
    )
    samverka(env, "migrate")


def drop_database(cfg: Config) -> None:
    admin_sql(cfg, f'DROP DATABASE IF EXISTS "{cfg.database}" WITH (FORCE)')
