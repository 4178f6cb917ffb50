"""Network meetings of a case. Reached only through an authorised case (api/access)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api import clock
from api.access.dependencies import CaseContext
from api.access.policy import minutes_visible_filter
from api.errors import FieldError, InvalidInput, NotFound, RuleViolated
from api.events import outbox
from api.http import require_version
from api.meetings import rules
from api.meetings.paging import ascending_page
from api.meetings.schemas import (
    AttendanceRead,
    AttendanceSet,
    MeetingCreate,
    MeetingHeld,
    MeetingRead,
    MeetingSummary,
    MeetingUpdate,
)
from api.models import CaseMember, Meeting, MeetingAttendance
from api.models.enums import AttendanceStatus, EventType, MeetingStatus
from api.pagination import Page, keyset_page, next_cursor

MEETING_NOT_FOUND = "There is no meeting with that id in this case."
RESCHEDULE_FIELDS = ("starts_at", "ends_at", "location")


def _check(verdict: bool | str, field: str, rule: str) -> None:
    """Turn a rule's refusal into a 409 problem naming the field and the rule."""
    if verdict is not True:
        raise RuleViolated(
            str(verdict), errors=[FieldError(field=field, rule=rule, message=str(verdict))]
        )


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        message = "The meeting must end after it starts."
        raise InvalidInput(
            message, errors=[FieldError(field="body.ends_at", rule="after_start", message=message)]
        )


def _emit(
    session: Session, event_type: EventType, meeting: Meeting, *, rescheduled: bool = False
) -> None:
    """Calendars and e-mail invitations follow ``sequence``: ``rescheduled`` says that the
    time or place changed, so a new revision of the invitation is due."""
    outbox.emit(
        session,
        event_type,
        case_id=meeting.case_id,
        subject_type="meeting",
        subject_id=meeting.id,
        data={"sequence": meeting.sequence, "rescheduled": rescheduled, "status": meeting.status},
    )


def find_meeting(session: Session, ctx: CaseContext, meeting_id: uuid.UUID) -> Meeting:
    """The meeting, only inside the authorised case: another case's id answers 404."""
    meeting = session.scalar(
        select(Meeting).where(Meeting.id == meeting_id, Meeting.case_id == ctx.case.id)
    )
    if meeting is None:
        raise NotFound(MEETING_NOT_FOUND)
    return meeting


def _minutes_visible(session: Session, ctx: CaseContext) -> bool:
    visible = minutes_visible_filter(ctx.principal, ctx.basis, ctx.case.id, ctx.today)
    return bool(session.scalar(select(visible)))


def read_meeting(session: Session, ctx: CaseContext, meeting: Meeting) -> MeetingRead:
    attendance = session.scalars(
        select(MeetingAttendance)
        .where(MeetingAttendance.meeting_id == meeting.id)
        .order_by(MeetingAttendance.created_at, MeetingAttendance.member_id)
    ).all()
    visible = _minutes_visible(session, ctx)
    return MeetingRead.model_validate(
        {
            **MeetingSummary.model_validate(meeting).model_dump(),
            "minutes": meeting.minutes if visible else None,
            "minutes_visible": visible,
            "attendance": [AttendanceRead.model_validate(a) for a in attendance],
            "created_at": meeting.created_at,
            "updated_at": meeting.updated_at,
        }
    )


def list_meetings(
    session: Session, ctx: CaseContext, *, upcoming: bool, limit: int, cursor: str | None
) -> Page[MeetingSummary]:
    """All meetings newest first, or (``upcoming``) the scheduled ones ahead, soonest first."""
    stmt = select(Meeting).where(Meeting.case_id == ctx.case.id)
    if upcoming:
        stmt = stmt.where(Meeting.status == MeetingStatus.scheduled, Meeting.ends_at >= clock.now())
        stmt = ascending_page(
            stmt,
            key=Meeting.starts_at,
            ident=Meeting.id,
            parse=datetime.fromisoformat,
            limit=limit,
            cursor=cursor,
        )
    else:
        stmt = keyset_page(stmt, order=(Meeting.starts_at, Meeting.id), limit=limit, cursor=cursor)
    rows = session.scalars(stmt).all()
    return Page(
        items=[MeetingSummary.model_validate(row) for row in rows[:limit]],
        next_cursor=next_cursor(rows, limit, lambda r: (r.starts_at, r.id)),
    )


def schedule(session: Session, ctx: CaseContext, body: MeetingCreate) -> Meeting:
    """Schedule a meeting and invite everyone who is in the group now."""
    _check(rules.can_schedule(ctx.case), "path.case_id", "case_ended")
    _check_times(body.starts_at, body.ends_at)
    meeting = Meeting(case_id=ctx.case.id, status=MeetingStatus.scheduled, sequence=0)
    meeting.kind, meeting.location = body.kind, body.location
    meeting.starts_at, meeting.ends_at = body.starts_at, body.ends_at
    session.add(meeting)
    session.flush()
    members = session.scalars(
        select(CaseMember.id).where(CaseMember.case_id == ctx.case.id, CaseMember.left_at.is_(None))
    ).all()
    session.add_all(
        MeetingAttendance(meeting_id=meeting.id, member_id=m, status=AttendanceStatus.invited)
        for m in members
    )
    _emit(session, EventType.meeting_scheduled, meeting)
    return meeting


def update(
    session: Session, ctx: CaseContext, meeting: Meeting, body: MeetingUpdate, if_match: str | None
) -> Meeting:
    """Reschedule (a new calendar revision) and/or write the minutes."""
    require_version(meeting, if_match)
    changes = body.model_dump(exclude_unset=True)
    for field in ("starts_at", "ends_at"):
        if field in changes and changes[field] is None:
            message = "A meeting always has a start and an end; send a time or leave it out."
            raise InvalidInput(
                message, errors=[FieldError(field=f"body.{field}", rule="null", message=message)]
            )
    moved = {
        f: v for f, v in changes.items() if f in RESCHEDULE_FIELDS and getattr(meeting, f) != v
    }
    if moved:
        _check(
            rules.can_reschedule(ctx.case, meeting),
            f"body.{next(iter(moved))}",
            "not_reschedulable",
        )
        _check_times(
            moved.get("starts_at", meeting.starts_at), moved.get("ends_at", meeting.ends_at)
        )
        for field, value in moved.items():
            setattr(meeting, field, value)
        meeting.sequence += 1  # RFC 5545: calendars replace the event when SEQUENCE grows
    if "minutes" in changes:
        _check(rules.can_write_minutes(meeting), "body.minutes", "meeting_cancelled")
        meeting.minutes = changes["minutes"]
    if moved or "minutes" in changes:
        _emit(session, EventType.meeting_changed, meeting, rescheduled=bool(moved))
    return meeting


def cancel(session: Session, meeting: Meeting) -> Meeting:
    _check(rules.can_cancel(meeting), "path.meeting_id", "not_cancellable")
    meeting.status = MeetingStatus.cancelled
    meeting.sequence += 1  # the cancellation is a new revision of the calendar event
    _emit(session, EventType.meeting_cancelled, meeting)
    return meeting


def record_held(session: Session, ctx: CaseContext, meeting: Meeting, body: MeetingHeld) -> Meeting:
    _check(rules.can_record_held(meeting, clock.now()), "path.meeting_id", "not_holdable")
    meeting.status = MeetingStatus.held
    if body.minutes is not None:
        meeting.minutes = body.minutes
    _apply_attendance(session, ctx, meeting, body.attendance, field="body.attendance")
    _emit(session, EventType.meeting_changed, meeting)
    return meeting


def set_attendance(
    session: Session, ctx: CaseContext, meeting: Meeting, entries: list[AttendanceSet]
) -> Meeting:
    _apply_attendance(session, ctx, meeting, entries, field="body")
    session.flush()
    return meeting


def _apply_attendance(
    session: Session,
    ctx: CaseContext,
    meeting: Meeting,
    entries: list[AttendanceSet],
    *,
    field: str,
) -> None:
    """Set each member's attendance; a member who joined after the invitation gets a row."""
    _check_members(session, ctx, entries, field)
    now = clock.now()
    for i, entry in enumerate(entries):
        _check(
            rules.can_set_attendance(meeting, entry.status, now), f"{field}.{i}.status", "not_yet"
        )
    existing = {
        a.member_id: a
        for a in session.scalars(
            select(MeetingAttendance).where(MeetingAttendance.meeting_id == meeting.id)
        )
    }
    changed = False
    for entry in entries:
        row = existing.get(entry.member_id)
        changed = changed or row is None or row.status is not entry.status
        if row is None:
            session.add(
                MeetingAttendance(
                    meeting_id=meeting.id, member_id=entry.member_id, status=entry.status
                )
            )
        elif row.status is not entry.status:
            row.status = entry.status
    if changed:
        meeting.updated_at = now  # attendance is part of the meeting: a new version and ETag


def _check_members(
    session: Session, ctx: CaseContext, entries: list[AttendanceSet], field: str
) -> None:
    """Every member named must be (or have been) in this case's group, each only once."""
    ids = [e.member_id for e in entries]
    known = set(
        session.scalars(
            select(CaseMember.id).where(CaseMember.case_id == ctx.case.id, CaseMember.id.in_(ids))
        )
    )
    errors, seen = [], set()
    for i, member_id in enumerate(ids):
        if member_id not in known:
            errors.append(
                FieldError(
                    field=f"{field}.{i}.member_id",
                    rule="not_a_member",
                    message="Not a member of this case.",
                )
            )
        elif member_id in seen:
            errors.append(
                FieldError(
                    field=f"{field}.{i}.member_id", rule="duplicate", message="Listed twice."
                )
            )
        seen.add(member_id)
    if errors:
        raise InvalidInput(
            "Attendance names members who are not in this case's group, or twice.", errors=errors
        )
