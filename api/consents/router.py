"""Consents to exchange information: register, read, withdraw. Never edited in place."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from api.access.dependencies import EditableCase, ReadableCase
from api.consents import service
from api.consents.schemas import ConsentCreate, ConsentRead, ConsentWithdraw
from api.db import DbSession
from api.errors import (
    Conflict,
    ConsentRuleViolated,
    Forbidden,
    InvalidInput,
    NotFound,
    Unauthorized,
    error_responses,
)
from api.http import set_etag
from api.idempotency import IdempotencyKeyHeader, idempotent
from api.pagination import Cursor, Limit, Page

router = APIRouter(prefix="/api/v1/cases/{case_id}/consents", tags=["consents"])

ConsentId = Annotated[uuid.UUID, Path(description="The consent's id.")]


@router.get(
    "",
    name="consents:list",
    summary="List consents",
    responses=error_responses(Unauthorized, Forbidden, NotFound, InvalidInput),
)
def list_consents(
    case: ReadableCase, session: DbSession, limit: Limit = 50, cursor: Cursor = None
) -> Page[ConsentRead]:
    """The case's consents, newest first, each with its computed status."""
    return service.list_consents(session, case, limit=limit, cursor=cursor)


@router.get(
    "/{consent_id}",
    name="consents:get",
    summary="Read a consent",
    responses=error_responses(Unauthorized, Forbidden, NotFound),
)
def get_consent(
    case: ReadableCase, consent_id: ConsentId, session: DbSession, response: Response
) -> ConsentRead:
    """One consent of the case, with its computed status."""
    read = service.get_consent(session, case, consent_id)
    set_etag(response, read.version)
    return read


@router.post(
    "",
    name="consents:register",
    summary="Register a signed consent",
    status_code=201,
    response_model=ConsentRead,
    responses=error_responses(
        Unauthorized, Forbidden, NotFound, Conflict, ConsentRuleViolated, InvalidInput
    ),
)
def register_consent(
    case: EditableCase,
    body: ConsentCreate,
    request: Request,
    session: DbSession,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    """Register a consent signed by the young person (and, under 18, a guardian)."""
    return idempotent(
        session,
        case.principal,
        request,
        key=idempotency_key,
        body=body,
        create=lambda: service.register(session, case, body),
    )


@router.post(
    "/{consent_id}/withdraw",
    name="consents:withdraw",
    summary="Withdraw a consent",
    responses=error_responses(
        Unauthorized, Forbidden, NotFound, Conflict, ConsentRuleViolated, InvalidInput
    ),
)
def withdraw_consent(
    case: EditableCase,
    consent_id: ConsentId,
    body: ConsentWithdraw,
    session: DbSession,
    response: Response,
) -> ConsentRead:
    """Record that a grantor withdrew the consent; access it gave ends at once."""
    read = service.withdraw(session, case, consent_id, body)
    set_etag(response, read.version)
    return read
