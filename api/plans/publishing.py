"""Publishing the action plan, and its history of published versions.

DOMAIN.md: the plan "is revised at every network meeting; earlier versions remain as
history", and after the meeting the coordinator sends the revised plan to everyone. So a
published version is frozen; what was not done continues in a new draft (``carried_from_id``),
which is also what lets two versions be compared.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from api import clock
from api.access.dependencies import CaseContext
from api.errors import FieldError, NotFound, RuleViolated
from api.events import outbox
from api.http import require_version
from api.models import ActionPlanItem, ActionPlanVersion, Case, CaseMember, Meeting
from api.models.enums import (
    CaseStatus,
    EventType,
    GroupRole,
    MeetingStatus,
    PlanItemStatus,
    PlanStatus,
)
from api.pagination import Page, keyset_page, next_cursor
from api.plans.schemas import (
    ItemChange,
    PlanChanges,
    PlanItemRead,
    PlanVersionRead,
    PlanVersionSummary,
    PublishRequest,
)
from api.plans.service import (
    draft_items,
    find_draft,
    invalid,
    items_of,
    latest_published_number,
    refuse,
)

VERSION_NOT_FOUND = "This case has no published action-plan version with that number."
CARRIED_FIELDS = (
    "position",
    "text",
    "plain_text",
    "responsible_member_id",
    "due_on",
    "status",
    "category_code",
    "completion_evidence",
    "fallback_action",
    "follow_up_notes",
)
_PUBLISHED_AT = cast(InstrumentedAttribute[datetime], ActionPlanVersion.published_at)


def _check_items(session: Session, items: list[ActionPlanItem]) -> None:
    """A plan says what is done and by whom, and must point out the young person's own
    responsibilities and commitments (DOMAIN.md, "The action plan")."""
    if not items:
        refuse("The plan has no items yet. Add what is to be done first.", "draft", "empty_plan")
    ids = {item.responsible_member_id for item in items}
    members = {m.id: m for m in session.scalars(select(CaseMember).where(CaseMember.id.in_(ids)))}
    if not any(
        members[i.responsible_member_id].group_role is GroupRole.young_person for i in items
    ):
        refuse(
            "The plan must include at least one item the young person is responsible for.",
            "draft",
            "young_person_responsibility",
        )
    left = [i for i in items if members[i.responsible_member_id].left_at is not None]
    if left:
        detail = "Some items' responsible members have left the group. Choose someone else."
        raise RuleViolated(
            detail,
            errors=[
                FieldError(
                    field=f"items.{item.id}.responsible_member_id",
                    rule="member_left",
                    message="The responsible member has left the group.",
                )
                for item in left
            ],
        )


def _check_meeting(session: Session, case_id: uuid.UUID, meeting_id: uuid.UUID | None) -> None:
    if meeting_id is None:
        return
    meeting = session.scalar(
        select(Meeting).where(Meeting.id == meeting_id, Meeting.case_id == case_id)
    )
    if meeting is None:
        raise invalid(
            "There is no meeting with that id in this case.", "body.meeting_id", "not_in_case"
        )
    if meeting.status is MeetingStatus.cancelled:
        raise invalid("That meeting was cancelled.", "body.meeting_id", "meeting_cancelled")


def can_publish(case: Case) -> bool | str:
    """A plan is published after a network meeting of the active work (DOMAIN.md, 6)."""
    if case.status is not CaseStatus.active:
        return f"The case is {case.status.value}; a plan is published only in an active case."
    return True


def publish(
    session: Session, ctx: CaseContext, body: PublishRequest, if_match: str | None
) -> ActionPlanVersion:
    """Freeze the draft as version N and open the next draft with what is not done."""
    allowed = can_publish(ctx.case)
    if allowed is not True:
        refuse(str(allowed), "path.case_id", "case_not_active")
    draft = find_draft(session, ctx.case.id)
    if draft is None:
        refuse("The plan has no items yet. Add what is to be done first.", "draft", "empty_plan")
    require_version(draft, if_match)
    items = list(
        session.scalars(
            draft_items(ctx.case.id).order_by(
                ActionPlanItem.position, ActionPlanItem.created_at, ActionPlanItem.id
            )
        )
    )
    _check_items(session, items)
    _check_meeting(session, ctx.case.id, body.meeting_id)
    draft.number = (latest_published_number(session, ctx.case.id) or 0) + 1
    draft.status = PlanStatus.published
    draft.published_at = clock.now()
    draft.published_by_id = ctx.principal.user_id
    draft.meeting_id = body.meeting_id
    session.flush()
    _open_next_draft(session, ctx.case.id, items)
    outbox.emit(
        session,
        EventType.plan_published,
        case_id=ctx.case.id,
        subject_type="plan_version",
        subject_id=draft.id,
        data={"number": draft.number},
    )
    return draft


def _open_next_draft(session: Session, case_id: uuid.UUID, items: list[ActionPlanItem]) -> None:
    """What is not done continues: a copy in the new draft, linked to the frozen item."""
    following = ActionPlanVersion(case_id=case_id, status=PlanStatus.draft, number=None)
    session.add(following)
    session.flush()
    session.add_all(
        ActionPlanItem(
            plan_version_id=following.id,
            case_id=case_id,
            carried_from_id=item.id,
            **{name: getattr(item, name) for name in CARRIED_FIELDS},
        )
        for item in items
        if item.status is not PlanItemStatus.done
    )
    session.flush()


def list_versions(
    session: Session, ctx: CaseContext, *, limit: int, cursor: str | None
) -> Page[PlanVersionSummary]:
    stmt = select(ActionPlanVersion).where(
        ActionPlanVersion.case_id == ctx.case.id,
        ActionPlanVersion.status == PlanStatus.published,
    )
    rows = session.scalars(
        keyset_page(stmt, order=(_PUBLISHED_AT, ActionPlanVersion.id), limit=limit, cursor=cursor)
    ).all()
    return Page(
        items=[PlanVersionSummary.model_validate(row) for row in rows[:limit]],
        next_cursor=next_cursor(rows, limit, lambda r: (r.published_at, r.id)),
    )


def find_version(session: Session, ctx: CaseContext, number: int) -> ActionPlanVersion:
    found = session.scalar(
        select(ActionPlanVersion).where(
            ActionPlanVersion.case_id == ctx.case.id,
            ActionPlanVersion.status == PlanStatus.published,
            ActionPlanVersion.number == number,
        )
    )
    if found is None:
        raise NotFound(VERSION_NOT_FOUND)
    return found


def read_version(session: Session, ctx: CaseContext, version: ActionPlanVersion) -> PlanVersionRead:
    items = items_of(session, ctx, version.id)
    return PlanVersionRead.model_validate(
        {
            **PlanVersionSummary.model_validate(version).model_dump(),
            "version": version.version,
            "items": [PlanItemRead.model_validate(item) for item in items],
        }
    )


def latest_version(session: Session, ctx: CaseContext) -> ActionPlanVersion:
    number = latest_published_number(session, ctx.case.id)
    if number is None:
        raise NotFound("No action plan has been published in this case yet.")
    return find_version(session, ctx, number)


def _diff(before: ActionPlanItem, after: ActionPlanItem) -> list[str]:
    return [name for name in CARRIED_FIELDS if getattr(before, name) != getattr(after, name)]


def changes(session: Session, ctx: CaseContext, number: int) -> PlanChanges:
    """Added, changed, finished (marked done) and dropped items since version N-1."""
    version = find_version(session, ctx, number)
    current = items_of(session, ctx, version.id)
    previous: list[ActionPlanItem] = []
    if number > 1:
        previous = items_of(session, ctx, find_version(session, ctx, number - 1).id)
    before = {item.id: item for item in previous}
    result = PlanChanges(
        number=number,
        previous_number=number - 1 if number > 1 else None,
        added=[],
        changed=[],
        finished=[],
        dropped=[],
    )
    for item in current:
        read = PlanItemRead.model_validate(item)
        old = before.get(item.carried_from_id) if item.carried_from_id else None
        if old is None:
            result.added.append(ItemChange(item=read))
            continue
        entry = ItemChange(
            item=read, previous=PlanItemRead.model_validate(old), changed_fields=_diff(old, item)
        )
        if item.status is PlanItemStatus.done and old.status is not PlanItemStatus.done:
            result.finished.append(entry)
        elif entry.changed_fields:
            result.changed.append(entry)
    carried = {item.carried_from_id for item in current}
    result.dropped = [
        ItemChange(item=PlanItemRead.model_validate(old))
        for old in previous
        if old.id not in carried and old.status is not PlanItemStatus.done
    ]
    return result
