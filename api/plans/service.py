"""The action plan's draft and its items (DOMAIN.md, "The action plan").

One draft per case is edited between meetings and frozen as version N when published
(api/plans/publishing.py). Items are reached only through an authorised case, and a
professional sees an item only when an active consent covers its information category.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import NoReturn

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from api import clock
from api.access.dependencies import CaseContext
from api.access.policy import (
    CaseIdRef,
    can_edit_case,
    can_update_item_status,
    visible_category_filter,
)
from api.assessments.validation import check_category
from api.audit.recorder import AuditRecord, record
from api.errors import FieldError, Forbidden, InvalidInput, NotFound, RuleViolated
from api.http import require_version
from api.models import ActionPlanItem, ActionPlanVersion, Case, CaseMember
from api.models.enums import AuditOutcome, CaseStatus, PlanStatus
from api.plans.schemas import CurrentPlan, PlanItemCreate, PlanItemRead, PlanItemUpdate

ITEM_NOT_FOUND = "There is no action-plan item with that id in this case, or you may not see it."
ENDED = (CaseStatus.closed, CaseStatus.rejected)
# What the responsible member reports between meetings; the rest is decided by the group.
FOLLOW_UP_FIELDS = frozenset({"status", "follow_up_notes"})
NULLABLE_FIELDS = frozenset({"due_on", "follow_up_notes"})


def refuse(
    detail: str, field: str, rule: str, error: type[RuleViolated] = RuleViolated
) -> NoReturn:
    raise error(detail, errors=[FieldError(field=field, rule=rule, message=detail)])


def invalid(detail: str, field: str, rule: str) -> InvalidInput:
    return InvalidInput(detail, errors=[FieldError(field=field, rule=rule, message=detail)])


def plan_can_change(case: Case) -> bool | str:
    """A closed or rejected case has no group left to carry out a plan (DOMAIN.md, "Closure")."""
    if case.status in ENDED:
        return f"The case is {case.status.value}; its plan can no longer change."
    return True


def check_open(case: Case) -> None:
    allowed = plan_can_change(case)
    if allowed is not True:
        refuse(str(allowed), "path.case_id", "case_ended")


def visible_items(ctx: CaseContext) -> Select[ActionPlanItem]:
    visible: ColumnElement[bool] = visible_category_filter(
        ctx.principal, ctx.basis, ctx.case.id, ActionPlanItem.category_code, ctx.today
    )
    return select(ActionPlanItem).where(ActionPlanItem.case_id == ctx.case.id, visible)


def items_of(session: Session, ctx: CaseContext, version_id: uuid.UUID) -> list[ActionPlanItem]:
    """A version's items the caller may see, in the plan's order."""
    stmt = visible_items(ctx).where(ActionPlanItem.plan_version_id == version_id)
    order = (ActionPlanItem.position, ActionPlanItem.created_at, ActionPlanItem.id)
    return list(session.scalars(stmt.order_by(*order)).all())


def find_draft(session: Session, case_id: uuid.UUID) -> ActionPlanVersion | None:
    return session.scalar(
        select(ActionPlanVersion).where(
            ActionPlanVersion.case_id == case_id, ActionPlanVersion.status == PlanStatus.draft
        )
    )


def draft_items(case_id: CaseIdRef) -> Select[ActionPlanItem]:
    """The items of the case's draft (there is one draft at a time), unordered."""
    return (
        select(ActionPlanItem)
        .join(ActionPlanVersion, ActionPlanVersion.id == ActionPlanItem.plan_version_id)
        .where(ActionPlanVersion.case_id == case_id, ActionPlanVersion.status == PlanStatus.draft)
    )


def latest_published_number(session: Session, case_id: uuid.UUID) -> int | None:
    return session.scalar(
        select(func.max(ActionPlanVersion.number)).where(
            ActionPlanVersion.case_id == case_id,
            ActionPlanVersion.status == PlanStatus.published,
        )
    )


def _draft_for_write(session: Session, case: Case) -> ActionPlanVersion:
    """The case's one draft, created at the first change (a read creates nothing)."""
    draft = find_draft(session, case.id)
    if draft is not None:
        return draft
    # Two first writes at once must not make two drafts: lock the case row (PostgreSQL;
    # SQLite already serialises writers).
    session.execute(select(Case.id).where(Case.id == case.id).with_for_update())
    draft = find_draft(session, case.id)
    if draft is None:
        draft = ActionPlanVersion(case_id=case.id, status=PlanStatus.draft, number=None)
        session.add(draft)
        session.flush()
    return draft


def touch(draft: ActionPlanVersion) -> None:
    """Any change of an item is a change of the draft: its ETag moves, so a publish based on
    an older reading of the draft is refused (412)."""
    draft.updated_at = clock.now()


def current_plan(session: Session, ctx: CaseContext) -> CurrentPlan:
    draft = find_draft(session, ctx.case.id)
    items = items_of(session, ctx, draft.id) if draft else []
    return CurrentPlan(
        draft_id=draft.id if draft else None,
        version=draft.version if draft else 0,
        latest_published_number=latest_published_number(session, ctx.case.id),
        items=[PlanItemRead.model_validate(item) for item in items],
    )


def _check_member(session: Session, case_id: uuid.UUID, member_id: uuid.UUID) -> None:
    """The responsible one is someone in the group now: an agency's member, the young person
    or a guardian (DOMAIN.md: "by whom")."""
    found = session.scalar(
        select(CaseMember.id).where(
            CaseMember.id == member_id, CaseMember.case_id == case_id, CaseMember.left_at.is_(None)
        )
    )
    if found is None:
        raise invalid(
            "Choose someone who is a member of this case's group now.",
            "body.responsible_member_id",
            "not_current_member",
        )


def _check_due(due_on: date | None, today: date) -> None:
    if due_on is not None and due_on < today:
        raise invalid("The due date has already passed.", "body.due_on", "not_in_past")


def add_item(session: Session, ctx: CaseContext, body: PlanItemCreate) -> ActionPlanItem:
    check_open(ctx.case)
    check_category(session, body.category_code)
    _check_member(session, ctx.case.id, body.responsible_member_id)
    _check_due(body.due_on, ctx.today)
    draft = _draft_for_write(session, ctx.case)
    position = body.position
    if position is None:
        last = session.scalar(
            select(func.max(ActionPlanItem.position)).where(
                ActionPlanItem.plan_version_id == draft.id
            )
        )
        position = (last or 0) + 1
    item = ActionPlanItem(
        plan_version_id=draft.id,
        case_id=ctx.case.id,
        position=position,
        **body.model_dump(exclude={"position"}),
    )
    session.add(item)
    touch(draft)
    session.flush()
    return item


def find_item(session: Session, ctx: CaseContext, item_id: uuid.UUID) -> ActionPlanItem:
    """Only inside the authorised case and the visible categories: anything else is 404."""
    item = session.scalar(visible_items(ctx).where(ActionPlanItem.id == item_id))
    if item is None:
        raise NotFound(ITEM_NOT_FOUND)
    return item


def _draft_of(session: Session, item: ActionPlanItem) -> ActionPlanVersion:
    """The item's version, which must be the draft: published versions are history."""
    version = session.get_one(ActionPlanVersion, item.plan_version_id)
    if version.status is not PlanStatus.draft:
        refuse(
            f"The item belongs to published version {version.number}, which cannot change. "
            "Change the item in the current draft instead.",
            "path.item_id",
            "published_version",
        )
    return version


def _authorise_update(
    session: Session, ctx: CaseContext, item: ActionPlanItem, fields: set[str]
) -> None:
    """The case officer and coordinator edit everything; the responsible member reports
    status and follow-up notes on their own item."""
    if can_edit_case(ctx.principal, ctx.case) is True:
        return
    member = session.get_one(CaseMember, item.responsible_member_id)
    verdict = can_update_item_status(ctx.principal, item, member)
    if verdict is True and fields <= FOLLOW_UP_FIELDS:
        return
    record(
        session,
        ctx.principal,
        AuditRecord(
            action="plans:update-item",
            resource_type="action_plan_item",
            resource_id=item.id,
            case_id=ctx.case.id,
            outcome=AuditOutcome.denied,
        ),
    )
    if verdict is not True:
        raise Forbidden(str(verdict))
    detail = "As the responsible member you may report only status and follow_up_notes."
    errors = [
        FieldError(field=f"body.{name}", rule="case_editors_only", message=detail)
        for name in sorted(fields - FOLLOW_UP_FIELDS)
    ]
    raise Forbidden(detail, errors=errors)


def update_item(
    session: Session,
    ctx: CaseContext,
    item_id: uuid.UUID,
    body: PlanItemUpdate,
    if_match: str | None,
) -> ActionPlanItem:
    item = find_item(session, ctx, item_id)
    changes = body.model_dump(exclude_unset=True)
    _authorise_update(session, ctx, item, set(changes))
    draft = _draft_of(session, item)
    check_open(ctx.case)
    require_version(item, if_match)
    _validate_changes(session, ctx, item, changes)
    for name, value in changes.items():
        setattr(item, name, value)
    touch(draft)
    session.flush()
    return item


def _validate_changes(
    session: Session, ctx: CaseContext, item: ActionPlanItem, changes: dict[str, object]
) -> None:
    for name, value in changes.items():
        if value is None and name not in NULLABLE_FIELDS:
            raise invalid(
                f"{name} cannot be emptied; leave it out to keep it.", f"body.{name}", "not_null"
            )
    if "category_code" in changes:
        check_category(session, str(changes["category_code"]))
    member_id = changes.get("responsible_member_id")
    if isinstance(member_id, uuid.UUID) and member_id != item.responsible_member_id:
        _check_member(session, ctx.case.id, member_id)
    due_on = changes.get("due_on")
    if isinstance(due_on, date) and due_on != item.due_on:
        _check_due(due_on, ctx.today)


def remove_item(session: Session, ctx: CaseContext, item_id: uuid.UUID) -> None:
    item = find_item(session, ctx, item_id)
    draft = _draft_of(session, item)
    check_open(ctx.case)
    session.delete(item)
    touch(draft)
    session.flush()
