"""The access log: the auditor's view, and one case's log for the young person's right of access."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.access.dependencies import AccessLogCase
from api.audit import service
from api.audit.schemas import AuditEventRead, AuditQuery, CaseAccessRead
from api.auth.dependencies import AuditReader
from api.db import DbSession
from api.errors import Forbidden, InvalidInput, NotFound, error_responses
from api.pagination import Cursor, Limit, Page

router = APIRouter(prefix="/api/v1", tags=["access log"])


@router.get(
    "/audit-events",
    name="audit-events:list",
    summary="Search the access log",
    responses=error_responses(Forbidden, InvalidInput),
)
def list_audit_events(
    principal: AuditReader,
    session: DbSession,
    filters: Annotated[AuditQuery, Query()],
) -> Page[AuditEventRead]:
    """Every logged read, write and denied attempt, newest first (auditors only)."""
    return service.list_events(
        session, filters.as_filter(), limit=filters.limit, cursor=filters.cursor
    )


@router.get(
    "/cases/{case_id}/access-log",
    name="access-log:list",
    summary="Who accessed this case",
    responses=error_responses(Forbidden, NotFound, InvalidInput),
)
def case_access_log(
    case: AccessLogCase, session: DbSession, limit: Limit = 50, cursor: Cursor = None
) -> Page[CaseAccessRead]:
    """Which organisations and roles read or changed the case, and when (case officer only)."""
    return service.case_access_log(session, case, limit=limit, cursor=cursor)
