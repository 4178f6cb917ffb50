"""Helpers for the access-log tests: principals, records, and a request-shaped transaction."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.audit.chain import ListedCase
from api.audit.recorder import AuditRecord
from api.auth.principal import Principal, PrincipalKind, Scope
from api.db import request_transaction
from api.models import AuditEvent, AuditEventCase
from api.models.enums import AuditOutcome, OrganizationKind, Role


def make_principal(
    *roles: Role, kind: PrincipalKind = PrincipalKind.user, channel: str = "web"
) -> Principal:
    return Principal(
        kind=kind,
        subject_id=uuid.uuid4(),
        organization_id=uuid.uuid4(),
        organization_kind=OrganizationKind.social_services,
        roles=frozenset(roles or (Role.coordinator, Role.case_officer)),
        scopes=frozenset({Scope.cases_read}),
        client_address="192.0.2.10",
        channel=channel,
    )


def make_record(
    action: str = "case.read",
    *,
    outcome: AuditOutcome = AuditOutcome.allowed,
    case_id: uuid.UUID | None = None,
) -> AuditRecord:
    case_id = case_id or uuid.uuid4()
    allowed = outcome is AuditOutcome.allowed
    return AuditRecord(
        action=action,
        resource_type="case",
        resource_id=case_id,
        case_id=case_id,
        outcome=outcome,
        legal_basis="social_services_unit" if allowed else None,
    )


def list_record(*cases: ListedCase) -> AuditRecord:
    """A case list's event, naming the cases it showed."""
    return AuditRecord(
        action="cases:list",
        resource_type="case",
        resource_id=None,
        case_id=None,
        outcome=AuditOutcome.allowed,
        cases=cases,
    )


def denied(action: str = "case.read") -> AuditRecord:
    return make_record(action, outcome=AuditOutcome.denied)


def run_request(sessions: sessionmaker[Session], work: Callable[[Session], None]) -> None:
    """One request's transaction, exactly as ``api.db.get_session`` runs it."""
    with sessions() as session, request_transaction(session):
        work(session)


def stored_events(sessions: sessionmaker[Session]) -> list[AuditEvent]:
    with sessions() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))


class RequestFailedError(Exception):
    """Raised by a test's endpoint body to make the request roll back."""


def listed_cases(
    session: Session, action: str, actor_user_id: uuid.UUID
) -> list[list[tuple[uuid.UUID, str | None, uuid.UUID | None]]]:
    """The cases each ``action`` list event of the actor named, one list per event, oldest
    event first: (case id, legal basis, consent id), by case id."""
    events = session.scalars(
        select(AuditEvent.seq)
        .where(AuditEvent.action == action, AuditEvent.actor_user_id == actor_user_id)
        .order_by(AuditEvent.seq)
    ).all()
    rows = session.execute(
        select(
            AuditEventCase.seq,
            AuditEventCase.case_id,
            AuditEventCase.legal_basis,
            AuditEventCase.consent_id,
        )
        .where(AuditEventCase.seq.in_(events))
        .order_by(AuditEventCase.seq, AuditEventCase.case_id)
    ).all()
    return [
        [(r.case_id, r.legal_basis, r.consent_id) for r in rows if r.seq == seq] for seq in events
    ]
