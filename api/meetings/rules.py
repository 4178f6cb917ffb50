"""The rules of the meeting workflow, as small pure functions (easy to test exhaustively).

Each returns ``True`` or the reason for refusal, which the service turns into a problem.
"""

from __future__ import annotations

from datetime import datetime

from api.models import Case, Meeting
from api.models.enums import AttendanceStatus, CaseStatus, MeetingStatus

ENDED_CASE = (CaseStatus.closed, CaseStatus.rejected)


def can_schedule(case: Case) -> bool | str:
    """A closed or rejected case has no group left to convene (DOMAIN.md, "Closure")."""
    if case.status in ENDED_CASE:
        return f"The case is {case.status.value}; no meetings can be scheduled in it."
    return True


def can_reschedule(case: Case, meeting: Meeting) -> bool | str:
    """Times and place change only for a meeting still to be held, in a case still open."""
    if meeting.status is not MeetingStatus.scheduled:
        return f"The meeting is {meeting.status.value}; its time and place can no longer change."
    return can_schedule(case)


def can_write_minutes(meeting: Meeting) -> bool | str:
    if meeting.status is MeetingStatus.cancelled:
        return "The meeting is cancelled; it has no minutes."
    return True


def can_cancel(meeting: Meeting) -> bool | str:
    if meeting.status is not MeetingStatus.scheduled:
        return f"The meeting is {meeting.status.value}; only a scheduled meeting can be cancelled."
    return True


def can_record_held(meeting: Meeting, now: datetime) -> bool | str:
    """A meeting is recorded as held once, and not before it has started."""
    if meeting.status is not MeetingStatus.scheduled:
        return f"The meeting is {meeting.status.value}; only a scheduled meeting can be held."
    if meeting.starts_at > now:
        return "The meeting has not started yet; record it as held when it has taken place."
    return True


def can_set_attendance(meeting: Meeting, status: AttendanceStatus, now: datetime) -> bool | str:
    """Attended or absent is a fact about a meeting that has started; a cancelled meeting
    has no attendance to record."""
    if meeting.status is MeetingStatus.cancelled:
        return "The meeting is cancelled; attendance cannot be recorded."
    if status is not AttendanceStatus.invited and meeting.starts_at > now:
        return "Attendance can be recorded once the meeting has started."
    return True
