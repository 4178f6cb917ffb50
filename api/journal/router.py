"""The case journal."""

from __future__ import annotations

from fastapi import APIRouter

from api.access.dependencies import ReadableCase
from api.db import DbSession
from api.errors import Forbidden, InvalidInput, NotFound, Unauthorized, error_responses
from api.journal import service
from api.journal.schemas import JournalEntryRead
from api.pagination import Cursor, Limit, Page

router = APIRouter(prefix="/api/v1/cases/{case_id}/journal", tags=["journal"])


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
