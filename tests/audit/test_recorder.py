"""Access-log events are written in the request's transaction, at commit, on a linear chain;
denied attempts survive a rollback, allowed events of a rolled-back request never appear,
and a failing audit write fails the request (DOMAIN.md: every access is logged)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from api.audit import recorder
from api.audit.chain import GENESIS_HASH, ListedCase, compute_hash
from api.audit.recorder import (
    AuditRecord,
    flush_pending,
    install_audit_hooks,
    persist_denied_after_rollback,
    record,
)
from api.audit.verify import verify_chain
from api.auth.principal import PrincipalKind
from api.models import AuditEvent, AuditEventCase, Organization
from api.models.enums import AuditOutcome, OrganizationKind, Role
from tests.audit.support import (
    RequestFailedError,
    denied,
    list_record,
    make_principal,
    make_record,
    run_request,
    stored_events,
)


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def _organizations(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(Organization)) or 0


def test_event_is_queued_and_written_at_commit(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recorder, "current_request_id", lambda: "req-1")
    principal = make_principal(Role.unit_manager, Role.case_officer)
    rec = make_record()
    with sessions() as session:
        record(session, principal, rec)
        assert _count(session) == 0  # queued only: the chain lock is not taken yet
        session.commit()

    [stored] = stored_events(sessions)
    assert (stored.seq, stored.prev_hash) == (1, GENESIS_HASH)
    assert stored.hash == compute_hash(GENESIS_HASH, stored)
    assert (stored.action, stored.case_id, stored.outcome) == (rec.action, rec.case_id, rec.outcome)
    assert stored.legal_basis == "social_services_unit"
    assert stored.actor_user_id == principal.subject_id
    assert stored.actor_client_id is None
    assert stored.actor_organization_id == principal.organization_id
    assert stored.actor_roles == ["case_officer", "unit_manager"]
    assert (stored.request_id, stored.client_address, stored.channel) == (
        "req-1",
        "192.0.2.10",
        "web",
    )
    assert abs(stored.occurred_at - datetime.now(UTC)) < timedelta(minutes=1)
    with sessions() as session:
        assert verify_chain(session).ok


def test_integration_client_and_anonymous_actor(sessions: sessionmaker[Session]) -> None:
    client = make_principal(Role.integration, kind=PrincipalKind.client, channel="api")
    with sessions() as session:
        record(session, client, make_record())
        record(session, None, denied())
        session.commit()

    by_client, anonymous = stored_events(sessions)
    assert (by_client.actor_user_id, by_client.actor_client_id) == (None, client.subject_id)
    assert by_client.actor_roles == ["integration"]
    assert anonymous.actor_user_id is None
    assert anonymous.actor_organization_id is None
    assert anonymous.actor_roles == []
    assert anonymous.outcome is AuditOutcome.denied


def test_several_events_in_one_transaction_are_chained_in_order(
    sessions: sessionmaker[Session],
) -> None:
    principal = make_principal()
    actions = ["case.read", "consent.read", "journal.read", "consent.withdraw", "case.update"]
    with sessions() as session:
        for action in actions[:3]:
            record(session, principal, make_record(action))
        session.commit()
        for action in actions[3:]:
            record(session, principal, make_record(action))
        session.commit()

    events = stored_events(sessions)
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert [e.action for e in events] == actions
    assert [e.prev_hash for e in events] == [GENESIS_HASH] + [e.hash for e in events[:-1]]
    # Time-ordered ids (UUIDv7), so that appends stay at the end of the id index.
    assert {e.id.version for e in events} == {7}
    assert [e.id for e in events] == sorted(e.id for e in events)
    with sessions() as session:
        assert verify_chain(session).checked == 5


def test_rolled_back_request_writes_its_denied_events_only(
    sessions: sessionmaker[Session],
) -> None:
    principal = make_principal()

    def failing_request(session: Session) -> None:
        session.add(Organization(name="Skola", kind=OrganizationKind.school))
        record(session, principal, make_record("case.read"))
        record(session, principal, denied("journal.read"))
        record(session, principal, make_record("case.update"))
        record(session, principal, denied("consent.read"))
        raise RequestFailedError

    with pytest.raises(RequestFailedError):
        run_request(sessions, failing_request)

    events = stored_events(sessions)
    assert [(e.seq, e.action) for e in events] == [(1, "journal.read"), (2, "consent.read")]
    assert {e.outcome for e in events} == {AuditOutcome.denied}
    assert _organizations(sessions) == 0  # the request's own write was rolled back
    with sessions() as session:
        assert verify_chain(session).ok


def test_allowed_events_of_a_rollback_never_reach_a_later_commit(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as session:
        record(session, make_principal(), make_record("case.read"))
        session.rollback()
        record(session, make_principal(), make_record("case.list"))
        session.commit()
        record(session, make_principal(), make_record("case.update"))
        session.close()  # ended without a commit: as good as a rollback
        session.commit()

    assert [e.action for e in stored_events(sessions)] == ["case.list"]


def test_nothing_to_persist_after_a_rollback_without_denied_events(
    sessions: sessionmaker[Session],
) -> None:
    def failing_read(session: Session) -> None:
        record(session, make_principal(), make_record())
        raise RequestFailedError

    with pytest.raises(RequestFailedError):
        run_request(sessions, failing_read)
    assert stored_events(sessions) == []


def test_persisting_denied_events_requires_the_rollback_first(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as session:
        session.add(Organization(name="Polis", kind=OrganizationKind.police))
        record(session, None, denied())
        session.flush()
        with pytest.raises(RuntimeError, match="roll back"):
            persist_denied_after_rollback(session)  # would commit the failed request's writes
        session.rollback()
    assert _organizations(sessions) == 0


def test_denied_events_survive_a_commit_that_fails_after_the_append(
    sessions: sessionmaker[Session],
) -> None:
    existing = Organization(name="Skola", kind=OrganizationKind.school)
    with sessions() as session:
        session.add(existing)
        session.commit()

    def duplicate_after_append(session: Session) -> None:
        record(session, None, denied("case.read"))
        record(session, None, make_record("case.update"))
        flush_pending(session)  # appended in this transaction, which then fails at commit
        session.add(Organization(id=existing.id, name="Kopia", kind=OrganizationKind.school))

    with pytest.raises(IntegrityError):
        run_request(sessions, duplicate_after_append)

    events = stored_events(sessions)
    assert [(e.seq, e.action, e.outcome) for e in events] == [(1, "case.read", AuditOutcome.denied)]


def test_failure_while_hashing_fails_the_commit(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_hash(*_args: object) -> str:
        raise RuntimeError("hashing failed")

    monkeypatch.setattr(recorder, "link_template", broken_hash)

    def request(session: Session) -> None:
        session.add(Organization(name="BUP", kind=OrganizationKind.child_psychiatry))
        record(session, make_principal(), make_record())

    with pytest.raises(RuntimeError, match="hashing failed"):
        run_request(sessions, request)
    assert _organizations(sessions) == 0
    assert stored_events(sessions) == []


def test_database_refusing_the_audit_insert_fails_the_commit(
    sessions: sessionmaker[Session], fresh_engine: Engine
) -> None:
    with fresh_engine.begin() as connection:
        connection.execute(text("ALTER TABLE audit_events RENAME TO audit_events_moved"))

    def request(session: Session) -> None:
        session.add(Organization(name="Fältgruppen", kind=OrganizationKind.field_workers))
        record(session, make_principal(), make_record())

    with pytest.raises(DBAPIError):
        run_request(sessions, request)
    assert _organizations(sessions) == 0


def test_a_savepoint_rollback_leaves_the_queue_to_the_outer_transaction(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as session:
        with session.begin_nested() as savepoint:
            record(session, make_principal(), make_record("case.read"))
            with pytest.raises(RuntimeError, match="outermost"):
                flush_pending(session)
            savepoint.rollback()
        with session.begin_nested():
            record(session, make_principal(), make_record("case.update"))
        session.commit()

    assert [e.action for e in stored_events(sessions)] == ["case.read", "case.update"]


def test_hooks_are_registered_once(sessions: sessionmaker[Session]) -> None:
    install_audit_hooks()
    install_audit_hooks()
    assert event.contains(Session, "before_commit", recorder._before_commit)
    with sessions() as session:
        record(session, None, denied())
        session.commit()
    assert len(stored_events(sessions)) == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"action": "Anna Andersson läste"},
        {"action": "case"},
        {"action": "case." + "x" * 64},
        {"resource_type": "Case record"},
        {"legal_basis": "samtycke från 19990101-1234"},
        {"cases": (ListedCase(uuid.uuid4(), "samtycke från 19990101-1234", None),)},
    ],
)
def test_record_holds_code_identifiers_only(fields: dict[str, Any]) -> None:
    values: dict[str, Any] = {
        "action": "case.read",
        "resource_type": "case",
        "resource_id": None,
        "case_id": None,
        "outcome": AuditOutcome.denied,
    }
    with pytest.raises(ValueError, match="code identifier"):
        AuditRecord(**(values | fields))


def test_operation_ids_are_accepted_as_actions() -> None:
    rec = AuditRecord(
        action="cases:list",
        resource_type="case",
        resource_id=None,
        case_id=None,
        outcome=AuditOutcome.allowed,
    )
    assert rec.action == "cases:list"


_CASE = ListedCase(uuid.UUID(int=1), "consent", uuid.UUID(int=2))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"case_id": uuid.UUID(int=1)}, "names its cases in cases"),
        ({"legal_basis": "consent"}, "names its cases in cases"),
        ({"consent_id": uuid.UUID(int=2)}, "names its cases in cases"),
        ({"cases": (_CASE, ListedCase(_CASE.case_id, None, None))}, "each case once"),
    ],
)
def test_a_list_event_states_each_case_once_and_only_in_cases(
    fields: dict[str, Any], message: str
) -> None:
    values: dict[str, Any] = {
        "action": "cases:list",
        "resource_type": "case",
        "resource_id": None,
        "case_id": None,
        "outcome": AuditOutcome.allowed,
        "cases": (_CASE,),
    }
    with pytest.raises(ValueError, match=message):
        AuditRecord(**(values | fields))


def test_a_list_event_is_one_chained_row_and_a_row_per_case(
    sessions: sessionmaker[Session],
) -> None:
    cases = tuple(ListedCase(uuid.uuid4(), "social_services_unit", None) for _ in range(50))
    rec = list_record(*cases)
    run_request(sessions, lambda session: record(session, make_principal(), rec))

    [event] = stored_events(sessions)
    with sessions() as session:
        stored = session.execute(select(AuditEventCase.seq, AuditEventCase.case_id)).all()
        assert verify_chain(session).ok
    assert (event.case_id, event.legal_basis, event.resource_id) == (None, None, None)
    assert sorted(stored) == sorted((event.seq, case.case_id) for case in cases)
