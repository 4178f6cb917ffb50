"""Samverka behind PgBouncer in transaction mode (README, "Behind a connection pooler").

PgBouncer refuses libpq's ``options`` startup parameter, which carries the app's server
settings; ``SAMVERKA_DB_STARTUP_OPTIONS=false`` leaves it out, and the database role carries
the settings instead. The lost-update tests run through the pooler too (test_lost_updates).
Backup and restore refuse the pooler: their tools' session settings would stay behind.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import pytest
from sqlalchemy import Engine, TextClause, make_url, text
from sqlalchemy.exc import OperationalError

from api.logging import configure_logging
from tests.backup.conftest import run_cli, table_digests
from tests.cli.test_errors import one_line
from tests.conftest import DatabaseFactory, engine_for, migrate
from tests.reliability.pgbouncer import SERVER_CONNECTIONS, Pooler, running_pgbouncer

pytestmark = pytest.mark.postgresql_only

CLIENTS = 3 * SERVER_CONNECTIONS  # at once, so the pooler hands out each server connection again
HELD = "pg_sleep(0.05)"  # a moment, so the clients overlap
SEEN = text(
    f"SELECT current_setting('max_parallel_workers_per_gather'), current_setting('jit'), {HELD}"
)
SEARCH_PATH = text(f"SELECT current_setting('search_path'), {HELD}")


def _set_on_role(databases: DatabaseFactory, url: str, **settings: str) -> None:
    """The README's statements: the settings as the role's defaults in its database."""
    target = make_url(url)
    role_in_database = f'ROLE "{target.username}" IN DATABASE "{target.database}"'
    with databases.admin_connection() as connection:
        for name, value in settings.items():
            connection.execute(text(f"ALTER {role_in_database} SET {name} = {value}"))


def _seen_at_once(engine: Engine, query: TextClause = SEEN) -> set[tuple[str, ...]]:
    """What ``CLIENTS`` transactions at once see, by default the parallel workers and the JIT
    switch: every column of ``query`` but its last, the ``HELD`` moment."""

    def seen(_: int) -> tuple[str, ...]:
        with engine.connect() as connection:
            return tuple(str(value) for value in connection.execute(query).one()[:-1])

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        return set(pool.map(seen, range(CLIENTS)))


def _seen_through(
    pooler: Pooler, direct_url: str, caplog: pytest.LogCaptureFixture, **update: object
) -> tuple[set[tuple[str, ...]], list[dict[str, object]]]:
    """What the app's pooled connections see, startup options off, and the warnings about
    the role's settings that the app logged meanwhile."""
    configure_logging()  # the JSON logger, as the server has it: structlog through stdlib
    engine = engine_for(pooler.url(direct_url), db_startup_options=False, **update)
    try:
        with caplog.at_level(logging.WARNING):
            seen = _seen_at_once(engine)
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


@pytest.fixture
def direct_backup(databases: DatabaseFactory, tmp_path: Path) -> Path:
    """A backup of a migrated database, made directly."""
    source = databases.new_url("poolsource")
    migrate(source)
    archive = tmp_path / "direct.bak"
    code, out, err = run_cli(source, "backup", "--output", str(archive))
    assert code == 0, (out, err)
    return archive


@pytest.mark.parametrize("options", ["refused", "ignored"])
def test_backup_and_restore_refuse_a_pooler_and_leave_its_connections_clean(
    options: str,
    databases: DatabaseFactory,
    pgbouncer: Pooler,
    direct_backup: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Through PgBouncer pg_restore's empty ``search_path`` stayed on the server connections,
    and the app then found no tables; so neither tool runs there, whether PgBouncer refuses
    the probe's ``options`` (its default) or drops them (``ignore_startup_parameters``)."""
    target = databases.new_url("pooltarget")
    monkeypatch.setenv("SAMVERKA_DB_STARTUP_OPTIONS", "false")  # as the README has it
    with ExitStack() as stack:
        pooler = pgbouncer
        if options == "ignored":
            folder = tmp_path / "ignoring"
            folder.mkdir()
            pooler = stack.enter_context(
                running_pgbouncer(databases.server_url or "", folder, ignore_options=True)
            )
        pooled = pooler.url(target)

        restored = run_cli(pooled, "restore", "--input", str(direct_backup))
        backed_up = run_cli(pooled, "backup", "--output", str(tmp_path / "pooled.bak"))

        engine = engine_for(pooled, db_startup_options=False)
        try:
            search_paths = _seen_at_once(engine, SEARCH_PATH)
        finally:
            engine.dispose()

    for code, out, err in (restored, backed_up):
        assert code == 2, (out, err)
        assert "did not keep a session setting" in one_line(err)
        assert one_line(err).endswith("; nothing was changed.")
    assert table_digests(target) == {}
    assert not (tmp_path / "pooled.bak").exists()
    assert search_paths == {('"$user", public',)}
