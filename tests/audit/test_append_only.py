"""On PostgreSQL the database itself refuses to change the access log, whoever asks
(short of the owner lifting the trigger, which verify_chain then catches)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from api.audit.recorder import record
from api.audit.verify import verify_chain
from tests.audit.support import denied, make_principal, make_record, stored_events


@pytest.mark.postgresql_only
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET outcome = 'allowed' WHERE seq = 2",
        "DELETE FROM audit_events WHERE seq = 2",
        "TRUNCATE audit_events CASCADE",  # without CASCADE the cases' foreign key refuses it
        "UPDATE audit_event_cases SET legal_basis = 'consent'",
        "DELETE FROM audit_event_cases",
        "TRUNCATE audit_event_cases",
    ],
)
def test_database_refuses_to_change_the_log(
    sessions: sessionmaker[Session], fresh_engine: Engine, statement: str
) -> None:
    with sessions() as session:
        for rec in (make_record(), denied(), make_record()):
            record(session, make_principal(), rec)
        session.commit()

    with pytest.raises(DBAPIError, match="append-only"), fresh_engine.begin() as connection:
        connection.execute(text(statement))

    assert len(stored_events(sessions)) == 3
    with sessions() as session:
        assert verify_chain(session).ok
