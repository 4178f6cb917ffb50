"""The app's PostgreSQL connections run no parallel plans unless configured: many requests
run at once already, and a parallel plan has each of its workers repeat the same work
(bench/README.md, "Parallel query")."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from api.config import get_settings
from api.db import build_engine
from tests.conftest import DatabaseFactory

pytestmark = pytest.mark.postgresql_only


def _show(engine: Engine, setting: str) -> str:
    with engine.connect() as connection:
        return str(connection.execute(text(f"SHOW {setting}")).scalar_one())


def _server_settings(url: str, **update: object) -> tuple[str, str]:
    """The parallel workers and the statement timeout of an engine built for ``url``."""
    settings = get_settings().model_copy(update={"database_url": url, **update})
    engine = build_engine(settings)
    try:
        return _show(engine, "max_parallel_workers_per_gather"), _show(engine, "statement_timeout")
    finally:
        engine.dispose()


def test_the_apps_connections_plan_no_parallel_workers(engine: Engine) -> None:
    assert _show(engine, "max_parallel_workers_per_gather") == "0"


def test_the_parallel_workers_follow_the_setting(databases: DatabaseFactory) -> None:
    workers, _ = _server_settings(databases.new_url("parallel"), db_parallel_workers=3)

    assert workers == "3"


def test_the_database_urls_own_options_are_kept(databases: DatabaseFactory) -> None:
    url = databases.new_url("urloptions") + "?options=-c%20statement_timeout%3D4321"

    assert _server_settings(url) == ("0", "4321ms")


def test_pgoptions_is_kept_when_the_url_names_none(
    databases: DatabaseFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGOPTIONS", "-c statement_timeout=1234")

    assert _server_settings(databases.new_url("pgoptions")) == ("0", "1234ms")
