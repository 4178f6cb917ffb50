"""My action-plan items and meetings across every case I may read.

Every query starts from the access policy's readable cases (``readable_cases_with_basis``, or
``readable_case_rows`` for plain columns; api/access), so the lists are filtered in SQL and
show nothing a single read of the case would deny; each case a page reveals is named in the
request's access-log event with its legal basis, as ``cases:list`` does.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, literal, or_
from sqlalchemy.orm import Session

from api import clock
from api.access.list_log import log_listed_cases
from api.access.policy import (
    category_visible_in_listed_case,
    readable_case_rows,
    readable_cases_with_basis,
)
from api.auth.principal import Principal
from api.me.schemas import MyMeeting, MyTask
from api.meetings.paging import ascending_page
from api.models import ActionPlanItem, Case, CaseMember, Meeting
from api.models.enums import MeetingStatus, PlanItemStatus
from api.pagination import Page, next_cursor
from api.plans.predicates import OPEN_ITEM, RESPONSIBLE, living_plan, responsible_now

NO_DUE_DATE = date(9999, 12, 31)  # items without a due date sort last

# A readable case with its access basis (api/access), and one of my meetings in it.
MeetingRows = Select[Case, bool, uuid.UUID | None, Meeting]


def _me_in_group(user_id: uuid.UUID) -> ColumnElement[bool]:
    return exists().where(
        CaseMember.case_id == Case.id, CaseMember.left_at.is_(None), CaseMember.user_id == user_id
    )


# What a task shows, read as plain rows (as the case list does): whole cases and items as ORM
# entities cost more than the columns the page needs.
# Labelled with the ``MyTask`` field each fills.
_TASK_COLUMNS = (
    Case.id.label("case_id"),
    Case.reference.label("case_reference"),
    ActionPlanItem.id,
    ActionPlanItem.text,
    ActionPlanItem.category_code,
    ActionPlanItem.due_on,
    ActionPlanItem.status,
)
_TASK_FIELDS = tuple(column.key for column in _TASK_COLUMNS)
_ITEM_ID, _DUE_ON, _STATUS = (_TASK_FIELDS.index(name) for name in ("id", "due_on", "status"))
_BASIS_AT = len(_TASK_COLUMNS)  # then whether by unit, and the consent (readable_case_rows)


def _my_items(principal: Principal, user_id: uuid.UUID, today: date) -> Select[Any]:
    """Readable cases x items of their living plan whose responsible member is me now, in
    the categories I may see there: ``_TASK_COLUMNS`` and the basis of each."""
    return (
        readable_case_rows(principal, today, *_TASK_COLUMNS)
        .join(ActionPlanItem, ActionPlanItem.case_id == Case.id)
        .join(RESPONSIBLE, responsible_now(user_id))
        .where(
            ActionPlanItem.plan_version_id == living_plan(),
            category_visible_in_listed_case(principal, ActionPlanItem.category_code, today),
        )
    )


def my_tasks(
    session: Session,
    principal: Principal,
    today: date,
    *,
    include_done: bool,
    limit: int,
    cursor: str | None,
) -> Page[MyTask]:
    """Items of the living plan whose responsible member is me, due soonest first.

    "Me" is a person: an integration client is never a responsible member, so it has none.
    """
    if principal.user_id is None:
        return Page(items=[])
    stmt = _my_items(principal, principal.user_id, today)
    if not include_done:
        stmt = stmt.where(ActionPlanItem.status != PlanItemStatus.done)
    due = func.coalesce(ActionPlanItem.due_on, literal(NO_DUE_DATE))
    page = ascending_page(
        stmt, key=due, ident=ActionPlanItem.id, parse=date.fromisoformat, limit=limit, cursor=cursor
    )
    rows = session.execute(page).all()
    shown = rows[:limit]
    basis = ((r[0], r[_BASIS_AT], r[_BASIS_AT + 1]) for r in shown)
    log_listed_cases(session, principal, "me:tasks", basis)
    return Page(
        items=[_task(row, today) for row in shown],
        next_cursor=next_cursor(rows, limit, lambda r: (r[_DUE_ON] or NO_DUE_DATE, r[_ITEM_ID])),
    )


def _task(row: Any, today: date) -> MyTask:
    due_on = row[_DUE_ON]
    overdue = due_on is not None and due_on < today and row[_STATUS] in OPEN_ITEM
    return MyTask(**dict(zip(_TASK_FIELDS, row[:_BASIS_AT], strict=True)), overdue=overdue)


def my_meetings(
    session: Session,
    principal: Principal,
    today: date,
    *,
    days: int,
    limit: int,
    cursor: str | None,
) -> Page[MyMeeting]:
    """My coming meetings, soonest first; an integration client is in no group, so has none."""
    if principal.user_id is None:
        return Page(items=[])
    page = ascending_page(
        _my_meetings(principal, principal.user_id, today, days),
        key=Meeting.starts_at,
        ident=Meeting.id,
        parse=datetime.fromisoformat,
        limit=limit,
        cursor=cursor,
    )
    rows = session.execute(page).all()
    shown = rows[:limit]
    log_listed_cases(session, principal, "me:meetings", ((r[0].id, r[1], r[2]) for r in shown))
    items = [
        MyMeeting.model_validate(
            {**_meeting_fields(meeting), "case_id": case.id, "case_reference": case.reference}
        )
        for case, _, _, meeting in shown
    ]
    return Page(
        items=items, next_cursor=next_cursor(rows, limit, lambda r: (r[3].starts_at, r[3].id))
    )


def my_meeting_rows(principal: Principal, user_id: uuid.UUID, today: date) -> MeetingRows:
    """Readable cases x all their meetings, in any state, where I am in the group or the
    assigned case officer or coordinator. The calendar feed (api/calendar) starts from it too,
    so the two lists cannot disagree on what is "mine"."""
    mine = or_(
        Case.case_officer_id == user_id, Case.coordinator_id == user_id, _me_in_group(user_id)
    )
    return (
        readable_cases_with_basis(principal, today)
        .add_columns(Meeting)
        .join(Meeting, Meeting.case_id == Case.id)
        .where(mine)
    )


def _my_meetings(principal: Principal, user_id: uuid.UUID, today: date, days: int) -> MeetingRows:
    """My scheduled meetings not yet over and starting within ``days``."""
    now = clock.now()
    return my_meeting_rows(principal, user_id, today).where(
        Meeting.status == MeetingStatus.scheduled,
        Meeting.ends_at > now,
        Meeting.starts_at < now + timedelta(days=days),
    )


def _meeting_fields(meeting: Meeting) -> dict[str, Any]:
    names = ("id", "kind", "starts_at", "ends_at", "location", "status")
    return {name: getattr(meeting, name) for name in names}
