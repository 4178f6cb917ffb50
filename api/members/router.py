"""The group around the young person, with its join/leave history."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Path, Query, Request, Response

from api.access.dependencies import EditableCase, ReadableCase
from api.db import DbSession
from api.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    RuleViolated,
    Unauthorized,
    error_responses,
)
from api.idempotency import IdempotencyKeyHeader, idempotent
from api.members import service
from api.members.schemas import MemberAdded, MemberCreate, MemberLeave, MemberRead
from api.pagination import Cursor, Limit, Page

router = APIRouter(prefix="/api/v1/cases/{case_id}/members", tags=["members"])

MemberId = Annotated[uuid.UUID, Path(description="The membership's id.")]


@router.get(
    "",
    name="members:list",
    summary="List the group's members",
    responses=error_responses(Unauthorized, Forbidden, NotFound, InvalidInput),
)
def list_members(
    case: ReadableCase,
    session: DbSession,
    current: Annotated[bool, Query(description="Only members who have not left.")] = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[MemberRead]:
    """The group around the young person with join/leave history, latest joined first."""
    return service.list_members(session, case, current=current, limit=limit, cursor=cursor)


@router.post(
    "",
    name="members:add",
    summary="Add a member to the group",
    status_code=201,
    response_model=MemberAdded,
    responses=error_responses(
        Unauthorized, Forbidden, NotFound, Conflict, RuleViolated, InvalidInput
    ),
)
def add_member(
    case: EditableCase,
    body: Annotated[MemberCreate, Body()],
    request: Request,
    session: DbSession,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    """Add a directory user, an external contact, the young person or a guardian."""
    return idempotent(
        session,
        case.principal,
        request,
        key=idempotency_key,
        body=body,
        create=lambda: service.add_member(session, case, body),
    )


@router.post(
    "/{member_id}/leave",
    name="members:leave",
    summary="End a membership",
    responses=error_responses(
        Unauthorized, Forbidden, NotFound, Conflict, RuleViolated, InvalidInput
    ),
)
def leave(
    case: EditableCase,
    member_id: MemberId,
    session: DbSession,
    body: Annotated[MemberLeave | None, Body()] = None,
) -> MemberRead:
    """End a membership; it stays in the history and the member's access ends with it."""
    return service.leave(session, case, member_id, body or MemberLeave())
