"""Object-level authorisation: every case-scoped route reaches its case through these.

A case the caller may not see answers 404 exactly like one that does not exist, so ids cannot
be probed; the attempt is recorded in the access log as denied.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import Depends, Path, Request

from api import clock
from api.access.policy import (
    AccessBasis,
    can_assign_case,
    can_edit_case,
    can_read_access_log,
    case_with_basis,
)
from api.audit.recorder import AuditRecord, record
from api.auth.dependencies import CaseAssigner, CaseReader, CaseWriter
from api.auth.principal import Principal
from api.db import DbSession
from api.errors import Forbidden, NotFound
from api.models import Case
from api.models.enums import AuditOutcome

CASE_NOT_FOUND = "There is no case with that id, or you do not have access to it."

CaseId = Annotated[uuid.UUID, Path(description="The case's id.")]


@dataclass(frozen=True, slots=True)
class CaseContext:
    """An authorised case with the principal and the basis of the access."""

    case: Case
    principal: Principal
    basis: AccessBasis
    today: date


def _action(request: Request) -> str:
    route = request.scope.get("route")
    # Every route is named (its operation id, e.g. "cases:get"); the fallback stays a code.
    return getattr(route, "name", None) or f"http:{request.method.lower()}"


def _record_access(
    session: DbSession,
    request: Request,
    principal: Principal,
    case_id: uuid.UUID,
    basis: AccessBasis | None,
) -> None:
    """One access-log event per case-scoped request: allowed with its basis, or denied."""
    rec = AuditRecord(
        action=_action(request),
        resource_type="case",
        resource_id=case_id,
        case_id=case_id,
        outcome=AuditOutcome.allowed if basis else AuditOutcome.denied,
        legal_basis=basis.legal_basis if basis else None,
        consent_id=basis.consent_id if basis else None,
    )
    record(session, principal, rec)


def get_readable_case(
    request: Request, case_id: CaseId, principal: CaseReader, session: DbSession
) -> CaseContext:
    today = clock.today()
    found = case_with_basis(session, principal, case_id, today)
    if found is None:
        _record_access(session, request, principal, case_id, None)
        raise NotFound(CASE_NOT_FOUND)
    case, basis = found
    _record_access(session, request, principal, case_id, basis)
    return CaseContext(case, principal, basis, today)


def _case_permitting(
    request: Request,
    case_id: uuid.UUID,
    principal: Principal,
    session: DbSession,
    policy: Callable[[Principal, Case], bool | str],
) -> CaseContext:
    """A readable case on which ``policy`` allows the action; else 403, logged as denied
    (the caller may see the case, so 403 reveals nothing)."""
    ctx = get_readable_case(request, case_id, principal, session)
    allowed = policy(principal, ctx.case)
    if allowed is not True:
        _record_access(session, request, principal, case_id, None)
        raise Forbidden(str(allowed))
    return ctx


def get_editable_case(
    request: Request, case_id: CaseId, principal: CaseWriter, session: DbSession
) -> CaseContext:
    return _case_permitting(request, case_id, principal, session, can_edit_case)


def get_access_log_case(
    request: Request, case_id: CaseId, principal: CaseReader, session: DbSession
) -> CaseContext:
    """The young person's right of access is answered by the case officer of the case."""
    return _case_permitting(request, case_id, principal, session, can_read_access_log)


def get_assignable_case(
    request: Request, case_id: CaseId, principal: CaseAssigner, session: DbSession
) -> CaseContext:
    return _case_permitting(request, case_id, principal, session, can_assign_case)


ReadableCase = Annotated[CaseContext, Depends(get_readable_case)]
AssignableCase = Annotated[CaseContext, Depends(get_assignable_case)]
AccessLogCase = Annotated[CaseContext, Depends(get_access_log_case)]
EditableCase = Annotated[CaseContext, Depends(get_editable_case)]
