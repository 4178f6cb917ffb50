"""Samverka behind PgBouncer in transaction mode (README, "Behind a connection pooler").

PgBouncer refuses libpq's ``options`` startup parameter, which carries the app's server
settings; ``SAMVERKA_DB_STARTUP_OPTIONS=false`` leaves it out, and the database role carries
the settings instead. The lost-update tests run through the pooler too (test_lost_updates).
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, make_url, text
from sqlalchemy.exc import OperationalError

from api.logging import configure_logging
from tests.conftest import DatabaseFactory, engine_for
from tests.reliability.pgbouncer import SERVER_CONNECTIONS, Pooler

pytestmark = pytest.mark.postgresql_only

CLIENTS = 3 * SERVER_CONNECTIONS  # at once, so the pooler hands out each server connection again
SEEN = text(
    "SELECT current_setting('max_parallel_workers_per_gather'), current_setting('jit'),"
    " pg_sleep(0.05)"  # held a moment, so the clients overlap
)


def _set_on_role(databases: DatabaseFactory, url: str, **settings: str) -> None:
    """The README's statements: the settings as the role's defaults in its database."""
    target = make_url(url)
    role_in_database = f'ROLE "{target.username}" IN DATABASE "{target.database}"'
    with databases.admin_connection() as connection:
        for name, value in settings.items():
            connection.execute(text(f"ALTER {role_in_database} SET {name} = {value}"))


def _settings_seen_at_once(engine: Engine) -> set[tuple[str, str]]:
    """The parallel workers and the JIT switch as ``CLIENTS`` transactions at once see them."""

    def seen(_: int) -> tuple[str, str]:
        with engine.connect() as connection:
            row = connection.execute(SEEN).one()
            return str(row[0]), str(row[1])

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        return set(pool.map(seen, range(CLIENTS)))


def _seen_through(
    pooler: Pooler, direct_url: str, caplog: pytest.LogCaptureFixture, **update: object
) -> tuple[set[tuple[str, str]], list[dict[str, object]]]:
    """What the app's pooled connections see, startup options off, and the warnings about
    the role's settings that the app logged meanwhile."""
    configure_logging()  # the JSON logger, as the server has it: structlog through stdlib
    engine = engine_for(pooler.url(direct_url), db_startup_options=False, **update)
    try:
        with caplog.at_level(logging.WARNING):
            seen = _settings_seen_at_once(engine)
    finally:
        engine.dispose()
    warnings = [
        record.msg
        for record in caplog.records
        if isinstance(record.msg, dict) and record.msg.get("event") == "database_settings_differ"
    ]
    return seen, warnings


def test_pgbouncer_refuses_the_startup_options_and_serves_the_app_without_them(
    databases: DatabaseFactory, pgbouncer: Pooler
) -> None:
    pooled = pgbouncer.url(databases.new_url("pooler"))
    with_options = engine_for(pooled, db_startup_options=True)  # the default
    without_options = engine_for(pooled, db_startup_options=False)
    try:
        with pytest.raises(OperationalError, match="unsupported startup parameter: options"):
            with_options.connect()
        with without_options.connect() as connection:
            assert connection.execute(text("SELECT 1")).scalar_one() == 1
    finally:
        with_options.dispose()
        without_options.dispose()


def test_the_roles_settings_reach_every_pooled_connection(
    databases: DatabaseFactory, pgbouncer: Pooler, caplog: pytest.LogCaptureFixture
) -> None:
    direct = databases.new_url("rolesettings")
    _set_on_role(databases, direct, max_parallel_workers_per_gather="0", jit="off")

    seen, warnings = _seen_through(pgbouncer, direct, caplog)

    assert seen == {("0", "off")}
    assert warnings == []


def test_a_role_without_the_settings_is_named_in_one_warning(
    databases: DatabaseFactory, pgbouncer: Pooler, caplog: pytest.LogCaptureFixture
) -> None:
    direct = databases.new_url("rolewithout")
    _set_on_role(databases, direct, max_parallel_workers_per_gather="2", jit="on")

    seen, warnings = _seen_through(pgbouncer, direct, caplog, db_parallel_workers=0)

    assert seen == {("2", "on")}
    assert len(warnings) == 1  # the pool's first connection, not every one
    assert warnings[0]["found"] == {"max_parallel_workers_per_gather": "2", "jit": "on"}
    assert warnings[0]["wanted"] == {"max_parallel_workers_per_gather": "0", "jit": "off"}
