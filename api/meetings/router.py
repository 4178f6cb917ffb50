"""Network meetings of a case: schedule, reschedule, cancel, hold, attendance, calendar."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, NoReturn

from fastapi import APIRouter, Body, Path, Query, Request, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.access.dependencies import EditableCase, ReadableCase
from api.db import DbSession
from api.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    RuleViolated,
    Unauthorized,
    error_responses,
)
from api.http import IfMatch, etag_for, set_etag
from api.idempotency import IdempotencyKeyHeader, idempotent
from api.meetings import calendar, service
from api.meetings.schemas import (
    AttendanceSet,
    MeetingCreate,
    MeetingHeld,
    MeetingRead,
    MeetingSummary,
    MeetingUpdate,
)
from api.pagination import Cursor, Limit, Page

router = APIRouter(prefix="/api/v1/cases/{case_id}/meetings", tags=["meetings"])

MeetingId = Annotated[uuid.UUID, Path(description="The meeting's id.")]
READ_ERRORS = error_responses(Unauthorized, Forbidden, NotFound)
ACTION_ERRORS = error_responses(Unauthorized, Forbidden, NotFound, RuleViolated, InvalidInput)
ICS_CONTENT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The meeting as an iCalendar event.",
        "content": {"text/calendar": {"schema": {"type": "string"}}},
    }
}


@router.get(
    "",
    name="meetings:list",
    summary="List meetings",
    responses=error_responses(Unauthorized, Forbidden, NotFound, InvalidInput),
)
def list_meetings(
    case: ReadableCase,
    session: DbSession,
    upcoming: Annotated[
        bool, Query(description="Only scheduled meetings not yet over, soonest first.")
    ] = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[MeetingSummary]:
    """The case's meetings, latest first (or upcoming ones, soonest first)."""
    return service.list_meetings(session, case, upcoming=upcoming, limit=limit, cursor=cursor)


@router.post(
    "",
    name="meetings:schedule",
    summary="Schedule a meeting",
    status_code=201,
    response_model=MeetingRead,
    responses=error_responses(
        Unauthorized, Forbidden, NotFound, RuleViolated, Conflict, InvalidInput
    ),
)
def schedule_meeting(
    case: EditableCase,
    body: MeetingCreate,
    request: Request,
    session: DbSession,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    """Schedule a meeting and invite every current member of the group."""

    def create() -> tuple[MeetingRead, dict[str, str]]:
        meeting = service.schedule(session, case, body)
        headers = {
            "Location": f"{request.url.path}/{meeting.id}",
            "ETag": etag_for(meeting.version),
        }
        return service.read_meeting(session, case, meeting), headers

    return idempotent(
        session, case.principal, request, key=idempotency_key, body=body, create=create
    )


@router.get(
    "/{meeting_id}.ics",
    name="meetings:ics",
    summary="Download a meeting as iCalendar",
    response_class=Response,
    responses={**ICS_CONTENT, **READ_ERRORS},
)
def meeting_ics(case: ReadableCase, meeting_id: MeetingId, session: DbSession) -> Response:
    """The meeting as a calendar event naming the case reference only."""
    meeting = service.find_meeting(session, case, meeting_id)
    headers = {
        "ETag": etag_for(meeting.version),
        "Cache-Control": "no-store",
        "Content-Disposition": f'attachment; filename="{meeting.id}.ics"',
    }
    return Response(
        calendar.meeting_ics(case.case, meeting),
        media_type="text/calendar; charset=utf-8",
        headers=headers,
    )


@router.api_route(
    "/{meeting_id}.ics",
    methods=["PATCH", "POST", "PUT", "DELETE"],
    include_in_schema=False,
    response_model=None,
)
def meeting_ics_is_read_only() -> NoReturn:
    """405, not the 422 of ``/{meeting_id}``, whose path would otherwise capture "<id>.ics"."""
    raise StarletteHTTPException(status_code=405, detail="Method Not Allowed")


@router.get("/{meeting_id}", name="meetings:get", summary="Read a meeting", responses=READ_ERRORS)
def get_meeting(
    case: ReadableCase, meeting_id: MeetingId, session: DbSession, response: Response
) -> MeetingRead:
    """One meeting with attendance; minutes only when the consent covers them."""
    meeting = service.find_meeting(session, case, meeting_id)
    set_etag(response, meeting.version)
    return service.read_meeting(session, case, meeting)


@router.patch(
    "/{meeting_id}",
    name="meetings:update",
    summary="Reschedule a meeting or write its minutes",
    responses=error_responses(
        Unauthorized,
        Forbidden,
        NotFound,
        RuleViolated,
        PreconditionFailed,
        PreconditionRequired,
        InvalidInput,
    ),
)
def update_meeting(
    case: EditableCase,
    meeting_id: MeetingId,
    body: MeetingUpdate,
    *,
    session: DbSession,
    response: Response,
    if_match: IfMatch = None,
) -> MeetingRead:
    """Change time, place or minutes; a new time or place is a new calendar revision."""
    meeting = service.find_meeting(session, case, meeting_id)
    service.update(session, case, meeting, body, if_match)
    set_etag(response, meeting.version)
    return service.read_meeting(session, case, meeting)


@router.post(
    "/{meeting_id}/cancel",
    name="meetings:cancel",
    summary="Cancel a meeting",
    responses=error_responses(Unauthorized, Forbidden, NotFound, RuleViolated),
)
def cancel_meeting(
    case: EditableCase, meeting_id: MeetingId, session: DbSession, response: Response
) -> MeetingRead:
    """Cancel a scheduled meeting; calendars receive the cancellation."""
    meeting = service.cancel(session, service.find_meeting(session, case, meeting_id))
    set_etag(response, meeting.version)
    return service.read_meeting(session, case, meeting)


@router.post(
    "/{meeting_id}/hold",
    name="meetings:record-held",
    summary="Record that a meeting was held",
    responses=ACTION_ERRORS,
)
def record_held(
    case: EditableCase,
    meeting_id: MeetingId,
    body: MeetingHeld,
    session: DbSession,
    response: Response,
) -> MeetingRead:
    """Mark a meeting as held, with minutes and attendance if known."""
    meeting = service.find_meeting(session, case, meeting_id)
    service.record_held(session, case, meeting, body)
    set_etag(response, meeting.version)
    return service.read_meeting(session, case, meeting)


@router.post(
    "/{meeting_id}/attendance",
    name="meetings:set-attendance",
    summary="Record attendance",
    responses=ACTION_ERRORS,
)
def set_attendance(
    case: EditableCase,
    meeting_id: MeetingId,
    entries: Annotated[list[AttendanceSet], Body(min_length=1, max_length=200)],
    session: DbSession,
    response: Response,
) -> MeetingRead:
    """Set invited, attended or absent for members of the group."""
    meeting = service.find_meeting(session, case, meeting_id)
    service.set_attendance(session, case, meeting, entries)
    set_etag(response, meeting.version)
    return service.read_meeting(session, case, meeting)
