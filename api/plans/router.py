"""The action plan of a case: the draft, its items, publishing and the published versions."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import HTMLResponse

from api.access.dependencies import EditableCase, ReadableCase
from api.auth.dependencies import CaseWriter
from api.db import DbSession
from api.errors import (
    Forbidden,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    RuleViolated,
    Unauthorized,
    error_responses,
)
from api.http import IfMatch, etag_for, set_etag
from api.idempotency import IdempotencyKeyHeader, idempotent
from api.pagination import Cursor, Limit, Page
from api.plans import pdf, printing, publishing, service
from api.plans.schemas import (
    CurrentPlan,
    PlanChanges,
    PlanItemCreate,
    PlanItemRead,
    PlanItemUpdate,
    PlanVersionRead,
    PlanVersionSummary,
    PublishRequest,
)

router = APIRouter(prefix="/api/v1/cases/{case_id}/action-plan", tags=["action-plan"])

ItemId = Annotated[uuid.UUID, Path(description="The plan item's id.")]
Number = Annotated[int, Path(ge=1, le=1_000_000, description="The published version's number.")]
WRITE_ERRORS = (Unauthorized, Forbidden, NotFound, InvalidInput, RuleViolated)
PRECONDITIONS = (PreconditionFailed, PreconditionRequired)


@router.get(
    "",
    name="plans:get-current",
    summary="Read the current action plan",
    responses=error_responses(Unauthorized, Forbidden, NotFound),
)
def get_current(case: ReadableCase, session: DbSession, response: Response) -> CurrentPlan:
    """The draft edited between meetings, and the number of the latest published version."""
    plan = service.current_plan(session, case)
    set_etag(response, plan.version)
    return plan


@router.post(
    "/items",
    name="plans:add-item",
    summary="Add an item to the draft plan",
    status_code=201,
    response_model=PlanItemRead,
    responses=error_responses(*WRITE_ERRORS),
)
def add_item(
    case: EditableCase,
    body: PlanItemCreate,
    request: Request,
    session: DbSession,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    """Add what is to be done, by whom, by when and how completion is shown."""

    def make() -> tuple[PlanItemRead, dict[str, str]]:
        read = PlanItemRead.model_validate(service.add_item(session, case, body))
        location = f"/api/v1/cases/{case.case.id}/action-plan/items/{read.id}"
        return read, {"Location": location, "ETag": etag_for(read.version)}

    return idempotent(session, case.principal, request, key=idempotency_key, body=body, create=make)


@router.patch(
    "/items/{item_id}",
    name="plans:update-item",
    summary="Change an item of the draft plan",
    responses=error_responses(*WRITE_ERRORS, *PRECONDITIONS),
)
def update_item(
    # The write permission first (refused before any case is looked up, as EditableCase),
    # then read access: the responsible member, not only the case's editors, may report.
    writer: CaseWriter,
    case: ReadableCase,
    *,
    item_id: ItemId,
    body: PlanItemUpdate,
    session: DbSession,
    response: Response,
    if_match: IfMatch = None,
) -> PlanItemRead:
    """Edit a draft item; its responsible member may report status and follow-up notes."""
    item = service.update_item(session, case, item_id, body, if_match)
    set_etag(response, item.version)
    return PlanItemRead.model_validate(item)


@router.delete(
    "/items/{item_id}",
    name="plans:remove-item",
    summary="Remove an item from the draft plan",
    status_code=204,
    responses=error_responses(Unauthorized, Forbidden, NotFound, RuleViolated),
)
def remove_item(case: EditableCase, item_id: ItemId, session: DbSession) -> Response:
    """Remove an item from the draft; published versions keep theirs."""
    service.remove_item(session, case, item_id)
    return Response(status_code=204)


@router.post(
    "/publish",
    name="plans:publish",
    summary="Publish the draft as the next version",
    status_code=201,
    response_model=PlanVersionRead,
    responses=error_responses(*WRITE_ERRORS, *PRECONDITIONS),
)
def publish(
    case: EditableCase,
    body: PublishRequest,
    *,
    request: Request,
    session: DbSession,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    """Freeze the draft as version N; what is not done continues in a new draft."""

    def make() -> tuple[PlanVersionRead, dict[str, str]]:
        version = publishing.publish(session, case, body, if_match)
        read = publishing.read_version(session, case, version)
        location = f"/api/v1/cases/{case.case.id}/action-plan/versions/{read.number}"
        return read, {"Location": location, "ETag": etag_for(read.version)}

    return idempotent(session, case.principal, request, key=idempotency_key, body=body, create=make)


@router.get(
    "/versions",
    name="plans:list-versions",
    summary="List published versions of the plan",
    responses=error_responses(Unauthorized, Forbidden, NotFound, InvalidInput),
)
def list_versions(
    case: ReadableCase, session: DbSession, limit: Limit = 50, cursor: Cursor = None
) -> Page[PlanVersionSummary]:
    """The published versions, newest first."""
    return publishing.list_versions(session, case, limit=limit, cursor=cursor)


# Declared before "/versions/{number}": that path's placeholder also matches "3.pdf" (the
# int check comes later), so it would answer 422 for every PDF.
@router.get(
    "/versions/{number}.pdf",
    name="plans:get-version-pdf",
    summary="Download a published version as a PDF",
    response_class=Response,
    responses={
        200: {
            "content": {pdf.MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
            "description": "A tagged PDF (PDF/UA-1) in plain Swedish.",
        },
        **error_responses(Unauthorized, Forbidden, NotFound),
    },
)
def get_version_pdf(case: ReadableCase, number: Number, session: DbSession) -> Response:
    """A published version as a PDF for the young person and the guardians, in Swedish."""
    version = publishing.find_version(session, case, number)
    items = service.items_of(session, case, version.id)
    headers = {
        "Content-Disposition": f'attachment; filename="{pdf.filename(case, version)}"',
        "Cache-Control": "no-store",
        "ETag": etag_for(version.version),
    }
    body = pdf.render(session, case, version, items)
    return Response(body, media_type=pdf.MEDIA_TYPE, headers=headers)


@router.get(
    "/versions/{number}",
    name="plans:get-version",
    summary="Read a published version of the plan",
    responses=error_responses(Unauthorized, Forbidden, NotFound),
)
def get_version(
    case: ReadableCase, number: Number, session: DbSession, response: Response
) -> PlanVersionRead:
    """One published version with the items the caller may see."""
    read = publishing.read_version(session, case, publishing.find_version(session, case, number))
    set_etag(response, read.version)
    return read


@router.get(
    "/versions/{number}/changes",
    name="plans:compare",
    summary="What changed since the previous version",
    responses=error_responses(Unauthorized, Forbidden, NotFound),
)
def compare(case: ReadableCase, number: Number, session: DbSession) -> PlanChanges:
    """Items added, changed, finished and dropped since the previous published version."""
    return publishing.changes(session, case, number)


@router.get(
    "/print",
    name="plans:print",
    summary="Print the plan for the young person and the guardians",
    response_class=HTMLResponse,
    responses={
        200: {"content": {"text/html": {}}, "description": "A printable page in Swedish."},
        **error_responses(Unauthorized, Forbidden, NotFound),
    },
)
def print_plan(case: ReadableCase, session: DbSession) -> HTMLResponse:
    """The latest published version as a plain-language page in Swedish."""
    version = publishing.latest_version(session, case)
    items = service.items_of(session, case, version.id)
    headers = {
        "ETag": etag_for(version.version),
        "Cache-Control": "no-store",
        "Content-Security-Policy": printing.CONTENT_SECURITY_POLICY,
    }
    return HTMLResponse(printing.render(session, case, version, items), headers=headers)
