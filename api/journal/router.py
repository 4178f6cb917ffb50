"""The case journal."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from api.access.dependencies import ReadableCase
from api.auth.dependencies import CaseWriter
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
from api.http import etag_for, set_etag
from api.idempotency import IdempotencyKeyHeader, idempotent
from api.journal import service
from api.journal.schemas import JournalEntryCreate, JournalEntryRead
from api.pagination import Cursor, Limit, Page

router = APIRouter(prefix="/api/v1/cases/{case_id}/journal", tags=["journal"])

EntryId = Annotated[uuid.UUID, Path(description="The journal entry's id.")]


@router.get(
    "",
    name="journal:list",
    summary="List journal entries",
    responses=error_responses(Unauthorized, Forbidden, NotFound, InvalidInput),
)
def list_entries(
    case: ReadableCase, session: DbSession, limit: Limit = 50, cursor: Cursor = None
) -> Page[JournalEntryRead]:
    """The case's journal, newest first, limited to the categories the caller may see."""
    return service.list_entries(session, case, limit=limit, cursor=cursor)


@router.post(
    "",
    name="journal:create",
    summary="Write a journal entry",
    status_code=201,
    response_model=JournalEntryRead,
    responses=error_responses(
        Unauthorized, Forbidden, NotFound, ConsentRuleViolated, Conflict, InvalidInput
    ),
)
def create_entry(
    writer: CaseWriter,  # first: without the write scope, refused before any case lookup
    case: ReadableCase,
    body: JournalEntryCreate,
    *,
    request: Request,
    session: DbSession,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    """Write an entry in a category the consent lets your organisation share."""

    def create() -> tuple[JournalEntryRead, dict[str, str]]:
        entry = service.create_entry(session, case, body)
        headers = {"Location": f"{request.url.path}/{entry.id}", "ETag": etag_for(entry.version)}
        return JournalEntryRead.model_validate(entry), headers

    return idempotent(session, writer, request, key=idempotency_key, body=body, create=create)


@router.get(
    "/{entry_id}",
    name="journal:get",
    summary="Read a journal entry",
    responses=error_responses(Unauthorized, Forbidden, NotFound),
)
def get_entry(
    case: ReadableCase, entry_id: EntryId, session: DbSession, response: Response
) -> JournalEntryRead:
    """One entry, if its category is visible to the caller."""
    entry = service.get_entry(session, case, entry_id)
    set_etag(response, entry.version)
    return JournalEntryRead.model_validate(entry)
