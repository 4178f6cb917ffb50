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


def _parallel_workers(engine: Engine) -> str:
    with engine.connect() as connection:
        return str(connection.execute(text("SHOW max_parallel_workers_per_gather")).scalar_one())


def test_the_apps_connections_plan_no_parallel_workers(engine: Engine) -> None:
    assert _parallel_workers(engine) == "0"


def test_the_parallel_workers_follow_the_setting(databases: DatabaseFactory) -> None:
    url = databases.new_url("parallel")
    settings = get_settings().model_copy(update={"database_url": url, "db_parallel_workers": 3})
    engine = build_engine(settings)
    try:
        assert _parallel_workers(engine) == "3"
    finally:
        engine.dispose()
