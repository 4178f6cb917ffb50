"""Fixtures for the access-log tests: a fresh migrated database for real commits."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from api.audit.recorder import install_audit_hooks
from tests.conftest import DatabaseFactory, engine_for, migrate


@pytest.fixture
def fresh_engine(databases: DatabaseFactory) -> Iterator[Engine]:
    """An engine on a database of its own, so tests can commit for real."""
    url = databases.new_url("audit")
    migrate(url)
    engine = engine_for(url)
    install_audit_hooks()
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(fresh_engine: Engine) -> sessionmaker[Session]:
    """Sessions made the way the app makes them (``api.db.get_sessionmaker``)."""
    return sessionmaker(bind=fresh_engine, expire_on_commit=False)
