"""The explicit status changes of a case (API.md: actions, never a PATCH of a status).

Each action checks, in this order: who may do it, the If-Match sent (optional on actions:
the state machine already refuses a repeated action, but a client that sends its ETag is
protected from acting on a stale copy), the transition (api/cases/workflow.py), then the
rules of the target status. Anything refused raises before the first change, and the
request's transaction leaves nothing half-written.
"""

from __future__ import annotations

from datetime import datetime
from typing import NoReturn

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.access.dependencies import CaseContext
from api.access.policy import can_decide_case
from api.audit.recorder import AuditRecord, record
from api.cases.rules import check_intervention_period, consent_in_force, has_decision
from api.cases.schemas import ActivateBody, CaseRead, CloseBody, DecideBody, RejectBody
from api.cases.service import read_case
from api.cases.workflow import DECIDER_ACTIONS, CaseAction, next_status
from api.errors import ConsentRuleViolated, FieldError, Forbidden, InvalidInput, RuleViolated
from api.events import outbox
from api.http import require_version
from api.models.enums import AuditOutcome, CaseStatus, EventType


def _prepare(
    session: Session, ctx: CaseContext, action: CaseAction, if_match: str | None
) -> CaseStatus:
    """The status the action leads to; the case is changed only once every rule has passed."""
    if action in DECIDER_ACTIONS:
        _require_decider(session, ctx, action)
    if if_match is not None and if_match.strip():  # optional here: a blank one is none
        require_version(ctx.case, if_match)
    return next_status(ctx.case.status, action)


def _require_decider(session: Session, ctx: CaseContext, action: CaseAction) -> None:
    allowed = can_decide_case(ctx.principal, ctx.case)
    if allowed is True:
        return
    record(
        session,
        ctx.principal,
        AuditRecord(
            action=f"cases:{action.value}",
            resource_type="case",
            resource_id=ctx.case.id,
            case_id=ctx.case.id,
            outcome=AuditOutcome.denied,
        ),
    )
    raise Forbidden(str(allowed))


def _done(session: Session, ctx: CaseContext, status: CaseStatus, now: datetime) -> CaseRead:
    ctx.case.status = status
    session.flush()
    return read_case(session, ctx, now)


def assess(session: Session, ctx: CaseContext, if_match: str | None, now: datetime) -> CaseRead:
    status = _prepare(session, ctx, CaseAction.assess, if_match)
    ctx.case.assessed_at = now
    return _done(session, ctx, status, now)


def decide(
    session: Session, ctx: CaseContext, body: DecideBody, if_match: str | None, now: datetime
) -> CaseRead:
    status = _prepare(session, ctx, CaseAction.decide, if_match)
    if body.decided_on > ctx.today:
        _invalid("decided_on", "in_future", "A decision cannot be dated in the future.")
    case = ctx.case
    case.legal_basis, case.decided_on = body.legal_basis, body.decided_on
    case.decided_by_id = ctx.principal.user_id
    return _done(session, ctx, status, now)


def activate(
    session: Session, ctx: CaseContext, body: ActivateBody, if_match: str | None, now: datetime
) -> CaseRead:
    """DOMAIN.md: "A case cannot become active without a valid consent and a decision; an
    active case has an end date for the intervention" (the intervention is time-limited)."""
    case = ctx.case
    status = _prepare(session, ctx, CaseAction.activate, if_match)
    decided = has_decision(case)
    if decided is not True:
        raise RuleViolated(str(decided))
    start = body.intervention_start_on or case.intervention_start_on or ctx.today
    end = body.intervention_end_on or case.intervention_end_on
    if end is None:
        message = "Set intervention_end_on: the intervention is time-limited."
        raise RuleViolated(
            message,
            errors=[FieldError(field="body.intervention_end_on", rule="required", message=message)],
        )
    check_intervention_period(start, end)
    if end < ctx.today:
        _invalid("intervention_end_on", "in_past", "The intervention cannot have ended already.")
    if not session.scalar(select(consent_in_force(case.id, ctx.today))):
        raise ConsentRuleViolated(
            "The case has no consent in force (signed, valid today, not withdrawn); "
            "register the young person's written consent before activating it."
        )
    case.intervention_start_on, case.intervention_end_on = start, end
    case.activated_at = now
    read = _done(session, ctx, status, now)
    _emit_case_event(session, ctx, EventType.case_activated)
    return read


def close(
    session: Session, ctx: CaseContext, body: CloseBody, if_match: str | None, now: datetime
) -> CaseRead:
    """Closure records why, and a written summary of the development (DOMAIN.md, 7)."""
    status = _prepare(session, ctx, CaseAction.close, if_match)
    case = ctx.case
    case.closure_reason, case.closure_summary = body.closure_reason, body.closure_summary
    case.closed_at = now
    read = _done(session, ctx, status, now)
    _emit_case_event(session, ctx, EventType.case_closed, {"closure_reason": body.closure_reason})
    return read


def reject(
    session: Session, ctx: CaseContext, body: RejectBody, if_match: str | None, now: datetime
) -> CaseRead:
    status = _prepare(session, ctx, CaseAction.reject, if_match)
    ctx.case.rejection_reason = body.rejection_reason
    ctx.case.rejected_at = now
    return _done(session, ctx, status, now)


def _emit_case_event(
    session: Session, ctx: CaseContext, event_type: EventType, data: outbox.EventData | None = None
) -> None:
    outbox.emit(
        session,
        event_type,
        case_id=ctx.case.id,
        subject_type="case",
        subject_id=ctx.case.id,
        data=data,
    )


def _invalid(field: str, rule: str, message: str) -> NoReturn:
    raise InvalidInput(
        message, errors=[FieldError(field=f"body.{field}", rule=rule, message=message)]
    )
