"""My notices: consents ending, meetings overdue and plan items overdue in my cases."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import clock
from api.auth.dependencies import CaseReader
from api.db import DbSession
from api.errors import Forbidden, InvalidInput, Unauthorized, error_responses
from api.notices import service
from api.notices.schemas import Notice, NoticeKind
from api.pagination import Cursor, Limit, Page

router = APIRouter(prefix="/api/v1/me", tags=["me"])


@router.get(
    "/notices",
    name="notices:list",
    summary="My notices",
    responses=error_responses(Unauthorized, Forbidden, InvalidInput),
)
def my_notices(
    principal: CaseReader,
    session: DbSession,
    kind: Annotated[NoticeKind | None, Query(description="Only notices of this kind.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[Notice]:
    """Notices of the scheduled checks in the cases I work on, newest first."""
    return service.my_notices(
        session, principal, clock.today(), kind=kind, limit=limit, cursor=cursor
    )
