"""Helpers for the case workflow tests: cases put in a given status, synthetic identities."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from personnummer import personnummer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api import clock
from api.models import AuditEvent, Case, Person
from api.models.enums import CaseStatus, ClosureReason, LegalBasis

Client = Callable[[Any], TestClient]


def born_aged(age: int, *, days_after_birthday: int = 10) -> date:
    """A birth date giving ``age`` completed years today (Stockholm)."""
    today = clock.today()
    anniversary = date(today.year - age, today.month, min(today.day, 28))
    return anniversary - timedelta(days=days_after_birthday)


def synthetic_number(birth_date: date, serial: int = 982, *, coordination: bool = False) -> str:
    """A 12-digit number with a valid check digit for a made-up person (serials 98x).
    A samordningsnummer adds 60 to the day of birth."""
    day = birth_date.day + (60 if coordination else 0)
    stem = f"{birth_date:%Y%m}{day:02d}{serial:03d}"
    return next(stem + d for d in "0123456789" if personnummer.valid(stem + d))


def put_in_status(session: Session, case: Case, status: CaseStatus) -> Case:
    """Give ``case`` the fields its status implies, as the workflow would have left them."""
    now = datetime.now(UTC)
    case.status = status
    case.assessed_at = now if status is not CaseStatus.proposed else None
    decided = status in (CaseStatus.decided, CaseStatus.active, CaseStatus.closed)
    case.legal_basis = LegalBasis.sol_4_1 if decided else None
    case.decided_on = clock.today() - timedelta(days=5) if decided else None
    case.activated_at = None
    case.intervention_end_on = None
    if status in (CaseStatus.active, CaseStatus.closed):
        case.activated_at = now - timedelta(days=3)
        case.intervention_start_on = clock.today() - timedelta(days=3)
        case.intervention_end_on = clock.today() + timedelta(days=180)
    if status is CaseStatus.closed:
        case.closed_at, case.closure_reason = now, ClosureReason.plan_completed
    if status is CaseStatus.rejected:
        case.rejected_at, case.rejection_reason = now, "Syntetiskt skäl."
    session.flush()
    return case


def count(session: Session, model: type[Any]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def audit_actions(session: Session, case_id: Any) -> list[tuple[str, str]]:
    rows = session.execute(
        select(AuditEvent.action, AuditEvent.outcome)
        .where(AuditEvent.case_id == case_id)
        .order_by(AuditEvent.seq)
    ).all()
    return [(action, outcome.value) for action, outcome in rows]


def fields(response: Any) -> dict[str, str]:
    """field -> rule of a problem response."""
    return {e["field"]: e["rule"] for e in response.json().get("errors", [])}


def person_count(session: Session) -> int:
    return count(session, Person)
