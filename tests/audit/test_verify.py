"""The access log "cannot be altered unnoticed" (DOMAIN.md): an edited row is reported at its
own seq, a deleted row at the row after the gap. Runs in the test's rolled-back transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.orm import Session

from api.audit.chain import ListedCase, compute_hash
from api.audit.recorder import record
from api.audit.verify import ChainReport, verify_chain
from api.models import AuditEvent, AuditEventCase
from api.models.enums import AuditOutcome
from tests.audit.support import denied, list_record, make_principal, make_record

EVENTS = 5
MIDDLE = 3


@pytest.fixture
def chain(session: Session) -> Session:
    """Five committed events, the middle one a denied attempt, one request per event."""
    principal = make_principal()
    for seq in range(1, EVENTS + 1):
        record(session, principal, denied() if seq == MIDDLE else make_record())
        session.commit()
    return session


APPEND_ONLY_TRIGGERS = {
    "audit_events": "audit_events_append_only",
    "audit_event_cases": "audit_event_cases_append_only",
}


@contextmanager
def as_table_owner(session: Session) -> Iterator[None]:
    """Tamper the way an owner could: on PostgreSQL lift the append-only triggers first."""
    postgresql = session.connection().dialect.name == "postgresql"
    for table, trigger in APPEND_ONLY_TRIGGERS.items() if postgresql else ():
        session.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}"))
    yield
    for table, trigger in APPEND_ONLY_TRIGGERS.items() if postgresql else ():
        session.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}"))


def _edit(session: Session, at_seq: int, /, **values: Any) -> None:
    with as_table_owner(session):
        session.execute(
            update(AuditEvent)
            .where(AuditEvent.seq == at_seq)
            .values(**values)
            .execution_options(synchronize_session=False)
        )


def _delete(session: Session, seq: int) -> None:
    with as_table_owner(session):
        session.execute(
            delete(AuditEvent)
            .where(AuditEvent.seq == seq)
            .execution_options(synchronize_session=False)
        )


def test_empty_log_verifies(session: Session) -> None:
    assert verify_chain(session) == ChainReport(True, 0, None, None)


def test_intact_chain_verifies(chain: Session) -> None:
    assert verify_chain(chain) == ChainReport(True, EVENTS, None, None)


@pytest.mark.parametrize("batch_size", [1, 2, EVENTS, 1000])
def test_batches_cover_every_row(chain: Session, batch_size: int) -> None:
    assert verify_chain(chain, batch_size=batch_size).checked == EVENTS
    _edit(chain, EVENTS - 1, action="case.update")
    report = verify_chain(chain, batch_size=batch_size)
    assert (report.ok, report.first_broken_seq) == (False, EVENTS - 1)


@pytest.mark.parametrize(
    "values",
    [
        {"action": "case.update"},
        {"outcome": AuditOutcome.allowed},  # a refusal turned into an access
        {"occurred_at": datetime(2026, 1, 1, tzinfo=UTC)},
        {"actor_user_id": uuid.uuid4()},
        {"actor_organization_id": None},
        {"actor_roles": ["coordinator", "unit_manager"]},
        {"case_id": uuid.uuid4()},
        {"legal_basis": "consent"},
        {"request_id": "forged"},
        {"client_address": "198.51.100.7"},
        {"hash": "e" * 64},
    ],
    ids=lambda values: next(iter(values)),
)
def test_edited_middle_row_is_reported_at_its_seq(chain: Session, values: dict[str, Any]) -> None:
    _edit(chain, MIDDLE, **values)
    report = verify_chain(chain)
    assert (report.ok, report.first_broken_seq, report.checked) == (False, MIDDLE, MIDDLE)
    assert report.reason is not None
    assert "altered" in report.reason


def test_edited_prev_hash_is_reported_as_a_broken_link(chain: Session) -> None:
    _edit(chain, MIDDLE, prev_hash="f" * 64)
    report = verify_chain(chain)
    assert report.first_broken_seq == MIDDLE
    assert report.reason == "prev_hash does not match the hash of the previous event"


def test_edit_with_a_recomputed_hash_is_reported_at_the_next_row(chain: Session) -> None:
    _edit(chain, MIDDLE, action="case.update")
    row = chain.execute(select(AuditEvent.__table__).where(AuditEvent.seq == MIDDLE)).one()
    _edit(chain, MIDDLE, hash=compute_hash(row.prev_hash, row))
    report = verify_chain(chain)
    assert (report.first_broken_seq, report.reason) == (
        MIDDLE + 1,
        "prev_hash does not match the hash of the previous event",
    )


def test_edited_last_row_is_reported(chain: Session) -> None:
    _edit(chain, EVENTS, outcome=AuditOutcome.denied)
    report = verify_chain(chain)
    assert (report.ok, report.first_broken_seq, report.checked) == (False, EVENTS, EVENTS)


def test_deleted_middle_row_is_reported_at_the_row_after_the_gap(chain: Session) -> None:
    _delete(chain, MIDDLE)
    report = verify_chain(chain)
    assert (report.ok, report.first_broken_seq) == (False, MIDDLE + 1)
    assert (
        report.reason == f"expected seq {MIDDLE}, found {MIDDLE + 1}: events before it are missing"
    )


def test_deleted_first_row_is_reported(chain: Session) -> None:
    _delete(chain, 1)
    report = verify_chain(chain)
    assert (report.first_broken_seq, report.checked) == (2, 1)


def test_renumbered_rows_after_a_deletion_break_the_link(chain: Session) -> None:
    _delete(chain, MIDDLE)
    for seq in range(MIDDLE + 1, EVENTS + 1):
        _edit(chain, seq, seq=seq - 1)
    report = verify_chain(chain)
    assert report.first_broken_seq == MIDDLE
    assert report.reason is not None


def test_unreadable_value_is_reported_at_its_row(chain: Session) -> None:
    if chain.connection().dialect.name == "postgresql":
        pytest.skip("PostgreSQL's uuid column refuses the value itself")
    chain.execute(
        text("UPDATE audit_events SET actor_user_id = 'Anna' WHERE seq = :seq"), {"seq": 4}
    )
    report = verify_chain(chain, batch_size=2)
    assert (report.ok, report.first_broken_seq, report.checked) == (False, 4, 4)
    assert report.reason == "a stored value cannot be read"
    assert "Anna" not in (report.reason or "")


def test_stored_roles_of_another_shape_are_reported(chain: Session) -> None:
    _edit(chain, MIDDLE, actor_roles={"role": "admin"})
    report = verify_chain(chain)
    assert report.first_broken_seq == MIDDLE


# A list's event names the cases it showed in audit_event_cases; its hash covers them.
LISTED = 3


@pytest.fixture
def listing(chain: Session) -> Session:
    """After the five events, a list event at seq 6 naming three cases, and one event after."""
    by_consent = [ListedCase(uuid.uuid4(), "consent", uuid.uuid4()) for _ in range(LISTED - 1)]
    cases = (*by_consent, ListedCase(uuid.uuid4(), "social_services_unit", None))
    principal = make_principal()
    rec = list_record(*cases)
    record(chain, principal, rec)
    chain.commit()
    record(chain, principal, make_record())
    chain.commit()
    return chain


LIST_SEQ = EVENTS + 1


def _listed(session: Session) -> list[Any]:
    return list(session.execute(select(AuditEventCase.__table__).order_by(AuditEventCase.case_id)))


def test_a_list_event_and_its_cases_verify(listing: Session) -> None:
    assert len(_listed(listing)) == LISTED
    assert {row.seq for row in _listed(listing)} == {LIST_SEQ}
    assert verify_chain(listing) == ChainReport(True, EVENTS + 2, None, None)
    assert verify_chain(listing, batch_size=2).ok


@pytest.mark.parametrize(
    "values",
    [
        {"legal_basis": "social_services_unit"},  # consent turned into the unit's own access
        {"consent_id": None},
        {"case_id": uuid.uuid4()},
    ],
    ids=lambda values: next(iter(values)),
)
def test_an_edited_case_of_a_list_is_reported_at_its_event(
    listing: Session, values: dict[str, Any]
) -> None:
    first = next(row for row in _listed(listing) if row.legal_basis == "consent")
    with as_table_owner(listing):
        listing.execute(
            update(AuditEventCase)
            .where(AuditEventCase.seq == first.seq, AuditEventCase.case_id == first.case_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
    report = verify_chain(listing)
    assert (report.ok, report.first_broken_seq) == (False, LIST_SEQ)
    assert report.reason == "hash does not match the event's content: the event was altered"


def test_a_removed_case_of_a_list_is_reported_at_its_event(listing: Session) -> None:
    first = _listed(listing)[0]
    with as_table_owner(listing):
        listing.execute(
            delete(AuditEventCase)
            .where(AuditEventCase.case_id == first.case_id)
            .execution_options(synchronize_session=False)
        )
    assert verify_chain(listing).first_broken_seq == LIST_SEQ


@pytest.mark.parametrize("seq", [MIDDLE, LIST_SEQ], ids=["to a single read", "to the list"])
def test_a_case_added_to_an_event_is_reported_at_it(listing: Session, seq: int) -> None:
    listing.execute(
        insert(AuditEventCase).values(
            seq=seq, case_id=uuid.uuid4(), legal_basis="consent", consent_id=None
        )
    )
    assert verify_chain(listing).first_broken_seq == seq


def test_an_unreadable_case_of_a_list_is_reported_at_its_event(listing: Session) -> None:
    if listing.connection().dialect.name == "postgresql":
        pytest.skip("PostgreSQL's uuid column refuses the value itself")
    listing.execute(
        text("UPDATE audit_event_cases SET consent_id = 'Anna' WHERE seq = :seq"),
        {"seq": LIST_SEQ},
    )
    report = verify_chain(listing, batch_size=1000)
    assert (report.ok, report.first_broken_seq, report.checked) == (False, LIST_SEQ, LIST_SEQ)
    assert report.reason == "a stored value cannot be read"
