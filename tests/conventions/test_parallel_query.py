"""The app's PostgreSQL connections run no parallel plans unless configured and compile no
JIT: many requests run at once already, a parallel plan has each of its workers repeat the
same work, and JIT compiling cost more than it saved (bench/README.md, "Parallel query",
"JIT"). An operator's own options still come through, and win."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from tests.conftest import DatabaseFactory, engine_for

pytestmark = pytest.mark.postgresql_only


def _show(engine: Engine, setting: str) -> str:
    with engine.connect() as connection:
        return str(connection.execute(text(f"SHOW {setting}")).scalar_one())


def _server_settings(url: str, **update: object) -> tuple[str, str, str]:
    """The parallel workers, the JIT switch and the statement timeout of an engine built for
    ``url``."""
    engine = engine_for(url, **update)
    try:
        names = ("max_parallel_workers_per_gather", "jit", "statement_timeout")
        workers, jit, timeout = (_show(engine, name) for name in names)
        return workers, jit, timeout
    finally:
        engine.dispose()


def test_the_apps_connections_plan_no_parallel_workers_and_compile_no_jit(
    engine: Engine,
) -> None:
    assert _show(engine, "max_parallel_workers_per_gather") == "0"
    assert _show(engine, "jit") == "off"


def test_the_parallel_workers_follow_the_setting(databases: DatabaseFactory) -> None:
    workers, _, _ = _server_settings(databases.new_url("parallel"), db_parallel_workers=3)

    assert workers == "3"


def test_the_database_urls_own_options_are_kept(databases: DatabaseFactory) -> None:
    url = databases.new_url("urloptions") + "?options=-c%20statement_timeout%3D4321"

    assert _server_settings(url) == ("0", "off", "4321ms")


def test_the_database_urls_options_win_over_the_apps(databases: DatabaseFactory) -> None:
    options = "-c%20jit%3Don%20-c%20max_parallel_workers_per_gather%3D2"
    url = f"{databases.new_url('urlwins')}?options={options}"

    assert _server_settings(url, db_parallel_workers=1) == ("2", "on", "0")


def test_options_given_twice_in_the_url_are_both_sent(databases: DatabaseFactory) -> None:
    options = "options=-c%20statement_timeout%3D4321&options=-c%20jit%3Don"
    url = f"{databases.new_url('urltwice')}?{options}"

    assert _server_settings(url) == ("0", "on", "4321ms")


def test_pgoptions_is_kept_when_the_url_names_none(
    databases: DatabaseFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGOPTIONS", "-c statement_timeout=1234")

    assert _server_settings(databases.new_url("pgoptions")) == ("0", "off", "1234ms")
