"""The migrations build exactly the models, up and down, on the backend under test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_alembic import Config as AlembicTestConfig
from pytest_alembic.tests import (  # noqa: F401 - collected as tests
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from sqlalchemy import Engine, text

from api.migrations_state import PROJECT_ROOT
from tests.conftest import DatabaseFactory, engine_for


@pytest.fixture
def alembic_config() -> AlembicTestConfig:
    return AlembicTestConfig(config_options={"file": str(PROJECT_ROOT / "alembic.ini")})


@pytest.fixture
def alembic_engine(databases: DatabaseFactory) -> Iterator[Engine]:
    url = databases.new_url("alembic")
    engine = engine_for(url)
    yield engine
    engine.dispose()


def test_round_trip_upgrade_downgrade_upgrade(alembic_runner, alembic_engine: Engine) -> None:  # type: ignore[no-untyped-def]
    alembic_runner.migrate_up_to("heads")
    alembic_runner.migrate_down_to("base")
    alembic_runner.migrate_up_to("heads")
    with alembic_engine.connect() as connection:
        codes = connection.execute(text("SELECT code FROM information_categories")).scalars()
        assert {"school", "police", "health", "social_services"} <= set(codes)


@pytest.mark.postgresql_only
def test_access_log_is_append_only_on_postgresql(alembic_runner, alembic_engine: Engine) -> None:  # type: ignore[no-untyped-def]
    alembic_runner.migrate_up_to("heads")
    with alembic_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_events (seq, id, occurred_at, actor_roles, action, "
                "resource_type, outcome, prev_hash, hash) VALUES (1, gen_random_uuid(), now(), "
                "'[]', 'read', 'case', 'allowed', 'a', 'b')"
            )
        )
    for statement in ("UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(Exception, match="append-only"), alembic_engine.begin() as connection:
            connection.execute(text(statement))
