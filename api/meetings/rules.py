"""The rules of the meeting workflow, as small pure functions (easy to test exhaustively).

Each returns ``True`` or the reason for refusal, which the service turns into a problem.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from api.clock import STOCKHOLM
from api.models import Case, Meeting
from api.models.enums import AttendanceStatus, CaseStatus, MeetingStatus

# DOMAIN.md, "Active work": network meetings "at least every four weeks".
NETWORK_MEETING_INTERVAL = timedelta(days=28)
ENDED_CASE = (CaseStatus.closed, CaseStatus.rejected)


def local_date(instant: datetime) -> date:
    """The Swedish calendar date of an instant (the rule counts days as people do)."""
    return instant.astimezone(STOCKHOLM).date()


def meeting_overdue(
    last_held_or_activated_at: datetime | None, next_scheduled_at: datetime | None, today: date
) -> bool:
    """The 28-day rule (DOMAIN.md: "a case whose next network meeting is more than four
    weeks after the last one is flagged").

    ``last_held_or_activated_at``: the start of the last network meeting recorded as held,
    or, before the first one, when the case was activated; None when the case is not active
    (nothing to flag). ``next_scheduled_at``: the start of the earliest network meeting still
    scheduled after that instant, or None. Days are counted in Europe/Stockholm.

    Flagged when the deadline (anchor date + 28 days) has passed without a newer meeting
    recorded as held, or when the next meeting is booked after the deadline. A case with no
    meeting booked yet is not flagged while there is still time to book one.
    """
    if last_held_or_activated_at is None:
        return False
    deadline = local_date(last_held_or_activated_at) + NETWORK_MEETING_INTERVAL
    if today > deadline:
        return True
    return next_scheduled_at is not None and local_date(next_scheduled_at) > deadline


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
