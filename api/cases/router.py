"""Cases: proposals and cases around one young person."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api import clock
from api.access.dependencies import ReadableCase
from api.auth.dependencies import CaseReader
from api.cases import service
from api.cases.schemas import CaseRead, CaseSummary
from api.db import DbSession
from api.errors import Forbidden, InvalidInput, NotFound, Unauthorized, error_responses
from api.http import set_etag
from api.models.enums import CaseStatus
from api.pagination import Cursor, Limit, Page

router = APIRouter(prefix="/api/v1/cases", tags=["cases"])


@router.get(
    "",
    name="cases:list",
    summary="List cases",
    responses=error_responses(Unauthorized, Forbidden, InvalidInput),
)
def list_cases(
    principal: CaseReader,
    session: DbSession,
    status: Annotated[CaseStatus | None, Query(description="Only cases in this status.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[CaseSummary]:
    """The cases the caller may read, most recently changed first."""
    return service.list_cases(
        session, principal, clock.today(), status=status, limit=limit, cursor=cursor
    )


@router.get(
    "/{case_id}",
    name="cases:get",
    summary="Read a case",
    responses=error_responses(Unauthorized, Forbidden, NotFound),
)
def get_case(case: ReadableCase, session: DbSession, response: Response) -> CaseRead:
    """One case, if the caller may read it."""
    read = service.read_case(session, case)
    set_etag(response, read.version)
    return read
