"""My notices: the findings of the scheduled checks (api/checks) in the cases I work on.

Who a notice concerns ("affected"):
- the case officer and the coordinator assigned to the case: every kind, since they keep
  the consent, convene the meetings and follow up the plan (DOMAIN.md, "What a social
  intervention group is");
- the responsible member of an overdue plan item: that item's ``task.overdue``, as long as
  they are still in the group;
- a unit manager: the notices of their unit's cases that have no case officer assigned,
  since the manager allocates those and nobody else would act on them. A manager does not
  get every case of the unit here: My work is personal, and the unit's overview is the case
  list with its flags (the same definitions, api/cases/flags.py).

Every query starts from ``readable_cases_with_basis`` (api/access), so a notice of a case
the caller cannot read now (a consent withdrawn since) never shows, and a task notice only
where the caller may see its item's category. Each case a page reveals is logged.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import ColumnElement, Select, String, and_, exists, or_, type_coerce
from sqlalchemy.orm import Session

from api.access.list_log import log_listed_cases
from api.access.policy import category_visible_in_listed_case, readable_cases_with_basis
from api.auth.principal import Principal
from api.checks.service import SUBJECT_TYPES
from api.models import ActionPlanItem, Case, ScheduledNotice
from api.models.enums import EventType, Role
from api.notices.schemas import Notice, NoticeKind
from api.pagination import Page, keyset_page, next_cursor
from api.plans.predicates import responsible_now

ACTION = "notices:list"

# Texts made from the kind and the occurrence only (dates), never from personal data.
MESSAGES = {
    EventType.consent_expiring: "Samtycket gäller till och med {occurrence}",
    EventType.meeting_overdue: "Nätverksmöte saknas sedan {occurrence} (28-dagarsregeln)",
    EventType.task_overdue: "Åtgärden skulle vara klar {occurrence}",
}

NoticeRows = Select[Case, bool, uuid.UUID | None, ScheduledNotice]


def my_notices(
    session: Session,
    principal: Principal,
    today: date,
    *,
    kind: NoticeKind | None,
    limit: int,
    cursor: str | None,
) -> Page[Notice]:
    """My notices, newest first. An integration client has no My work, so it has none."""
    if principal.user_id is None:
        return Page(items=[])
    stmt = _my_notice_rows(principal, principal.user_id, today)
    if kind is not None:
        stmt = stmt.where(ScheduledNotice.kind == EventType(kind.value))
    page = keyset_page(
        stmt, order=(ScheduledNotice.raised_at, ScheduledNotice.id), limit=limit, cursor=cursor
    )
    rows = session.execute(page).all()
    shown = rows[:limit]
    log_listed_cases(session, principal, ACTION, ((r[0].id, r[1], r[2]) for r in shown))
    return Page(
        items=[_notice(case, notice) for case, _, _, notice in shown],
        next_cursor=next_cursor(rows, limit, lambda r: (r[3].raised_at, r[3].id)),
    )


def _my_notice_rows(principal: Principal, user_id: uuid.UUID, today: date) -> NoticeRows:
    """Readable cases x their notices that concern me, in categories I may see there."""
    category = ScheduledNotice.category_code  # set on task notices only
    visible = or_(
        category.is_(None),
        category_visible_in_listed_case(principal, type_coerce(category, String()), today),
    )
    return (
        readable_cases_with_basis(principal, today)
        .add_columns(ScheduledNotice)
        .join(ScheduledNotice, ScheduledNotice.case_id == Case.id)
        .where(_concerns(principal, user_id), visible)
    )


def _concerns(principal: Principal, user_id: uuid.UUID) -> ColumnElement[bool]:
    """Whether a notice concerns me (the rules in the module docstring)."""
    my_item = exists().where(
        ActionPlanItem.id == ScheduledNotice.subject_id, responsible_now(user_id)
    )
    clauses = [
        Case.case_officer_id == user_id,
        Case.coordinator_id == user_id,
        and_(ScheduledNotice.kind == EventType.task_overdue, my_item),
    ]
    if principal.has_role(Role.unit_manager) and principal.unit_id is not None:
        unallocated = and_(Case.owning_unit_id == principal.unit_id, Case.case_officer_id.is_(None))
        clauses.append(unallocated)
    return or_(*clauses)


def _notice(case: Case, notice: ScheduledNotice) -> Notice:
    return Notice(
        id=notice.id,
        kind=NoticeKind(notice.kind.value),
        case_id=case.id,
        case_reference=case.reference,
        subject_type=SUBJECT_TYPES[notice.kind],
        subject_id=notice.subject_id,
        occurrence=notice.occurrence,
        category_code=notice.category_code,
        raised_at=notice.raised_at,
        message=message(notice.kind, notice.occurrence),
    )


def message(kind: EventType, occurrence: str) -> str:
    """The Swedish text of a notice: its kind's sentence with the date filled in."""
    return MESSAGES[kind].format(occurrence=occurrence)
