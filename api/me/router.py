"""My work across cases: action-plan items I am responsible for, and my coming meetings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import clock
from api.auth.dependencies import CaseReader
from api.db import DbSession
from api.errors import Forbidden, InvalidInput, Unauthorized, error_responses
from api.me import service
from api.me.schemas import MyMeeting, MyTask
from api.pagination import Cursor, Limit, Page

router = APIRouter(prefix="/api/v1/me", tags=["me"])


@router.get(
    "/tasks",
    name="me:tasks",
    summary="My action-plan items",
    responses=error_responses(Unauthorized, Forbidden, InvalidInput),
)
def my_tasks(
    principal: CaseReader,
    session: DbSession,
    include_done: Annotated[bool, Query(description="Include items already done.")] = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[MyTask]:
    """Items of the current plans I am responsible for, due soonest first."""
    return service.my_tasks(
        session, principal, clock.today(), include_done=include_done, limit=limit, cursor=cursor
    )


@router.get(
    "/meetings",
    name="me:meetings",
    summary="My coming meetings",
    responses=error_responses(Unauthorized, Forbidden, InvalidInput),
)
def my_meetings(
    principal: CaseReader,
    session: DbSession,
    days: Annotated[int, Query(ge=1, le=366, description="How many days ahead.")] = 30,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[MyMeeting]:
    """Scheduled meetings of my cases in the coming days, soonest first."""
    return service.my_meetings(
        session, principal, clock.today(), days=days, limit=limit, cursor=cursor
    )
