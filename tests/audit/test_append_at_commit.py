"""On PostgreSQL the chain lock is taken by the COMMIT's own round trip (``audit_append``
sent with it), not when the events are flushed: a transaction between its flush and its
commit holds up no other appender, and what it staged goes only with its own commit.

SQLite has no such window: BEGIN IMMEDIATE serialises its writers from the first statement.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from api.audit.chain import ListedCase
from api.audit.recorder import flush_pending, record
from api.audit.verify import ChainReport, verify_chain
from tests.audit.support import list_record, make_principal, make_record, stored_events


@pytest.fixture(autouse=True)
def _postgresql_only(fresh_engine: Engine) -> None:
    if fresh_engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers from BEGIN IMMEDIATE on; there is no window")


def test_a_flushed_transaction_holds_up_no_other_appender(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as first, sessions() as second:
        record(first, make_principal(), make_record("case.read"))
        flush_pending(first)  # staged for its COMMIT; before, this took the chain lock
        shown = ListedCase(uuid.uuid4(), "consent", uuid.uuid4())
        record(second, make_principal(), list_record(shown))
        # Fails within two seconds, instead of waiting for ever, if first held the lock.
        second.execute(text("SET LOCAL lock_timeout = '2s'"))
        second.commit()
        first.commit()

    assert [e.action for e in stored_events(sessions)] == ["cases:list", "case.read"]
    with sessions() as session:
        assert verify_chain(session) == ChainReport(True, 2, None, None)


def test_what_a_rolled_back_transaction_staged_is_not_written_by_the_next(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as session:
        record(session, make_principal(), make_record("case.read"))
        flush_pending(session)
        staged_on = session.connection().connection.dbapi_connection
        session.rollback()
        record(session, make_principal(), make_record("case.update"))
        assert session.connection().connection.dbapi_connection is staged_on
        session.commit()

    assert [e.action for e in stored_events(sessions)] == ["case.update"]
