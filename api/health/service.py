"""Readiness: the database answers and its schema is at the newest migration."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api.db import get_engine
from api.migrations_state import is_at_head


class Readiness(StrEnum):
    ready = "ready"
    database_unreachable = "database_unreachable"
    migrations_behind = "migrations_behind"


def check_readiness() -> Readiness:
    try:
        probe = get_engine().connect().execution_options(isolation_level="AUTOCOMMIT")
        with probe as connection:
            connection.execute(text("SELECT 1"))
            current = is_at_head(connection)
    except SQLAlchemyError:
        return Readiness.database_unreachable
    return Readiness.ready if current else Readiness.migrations_behind
