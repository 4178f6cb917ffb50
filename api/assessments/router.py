"""Structured risk assessments of a case (SAVRY)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from api.access.dependencies import EditableCase, ReadableCase
from api.assessments import service
from api.assessments.schemas import (
    AssessmentComparison,
    AssessmentCreate,
    AssessmentRead,
    AssessmentSummary,
)
from api.db import DbSession
from api.errors import (
    Forbidden,
    InvalidInput,
    NotFound,
    RuleViolated,
    Unauthorized,
    error_responses,
)
from api.http import etag_for, set_etag
from api.idempotency import IdempotencyKeyHeader, idempotent
from api.pagination import Cursor, Limit, Page

router = APIRouter(prefix="/api/v1/cases/{case_id}/assessments", tags=["assessments"])

AssessmentId = Annotated[uuid.UUID, Path(description="The assessment's id.")]


@router.get(
    "",
    name="assessments:list",
    summary="List risk assessments",
    responses=error_responses(Unauthorized, Forbidden, NotFound, InvalidInput),
)
def list_assessments(
    case: ReadableCase, session: DbSession, limit: Limit = 50, cursor: Cursor = None
) -> Page[AssessmentSummary]:
    """The case's risk assessments the caller may see, newest first."""
    return service.list_assessments(session, case, limit=limit, cursor=cursor)


@router.post(
    "",
    name="assessments:create",
    summary="Register a risk assessment",
    status_code=201,
    response_model=AssessmentRead,
    responses=error_responses(Unauthorized, Forbidden, NotFound, InvalidInput, RuleViolated),
)
def create_assessment(
    case: EditableCase,
    body: AssessmentCreate,
    request: Request,
    session: DbSession,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    """Register a SAVRY assessment: every item rated, plus the overall judgement."""

    def make() -> tuple[AssessmentRead, dict[str, str]]:
        read = service.read_assessment(session, service.create(session, case, body))
        location = f"/api/v1/cases/{case.case.id}/assessments/{read.id}"
        return read, {"Location": location, "ETag": etag_for(read.version)}

    return idempotent(session, case.principal, request, key=idempotency_key, body=body, create=make)


@router.get(
    "/compare",
    name="assessments:compare",
    summary="Compare two risk assessments",
    responses=error_responses(Unauthorized, Forbidden, NotFound, InvalidInput, RuleViolated),
)
def compare_assessments(
    case: ReadableCase,
    session: DbSession,
    from_: Annotated[
        uuid.UUID | None,
        Query(alias="from", description="The earlier assessment; default the second newest."),
    ] = None,
    to: Annotated[
        uuid.UUID | None, Query(description="The later assessment; default the newest.")
    ] = None,
) -> AssessmentComparison:
    """Per item and per group, what changed between two assessments of the case."""
    return service.compare(session, case, from_, to)


@router.get(
    "/{assessment_id}",
    name="assessments:get",
    summary="Read a risk assessment",
    responses=error_responses(Unauthorized, Forbidden, NotFound),
)
def get_assessment(
    case: ReadableCase, assessment_id: AssessmentId, session: DbSession, response: Response
) -> AssessmentRead:
    """One assessment with all its item ratings and per-group counts."""
    read = service.read_assessment(session, service.find_assessment(session, case, assessment_id))
    set_etag(response, read.version)
    return read
