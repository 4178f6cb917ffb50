"""The meeting workflow's pure rules, the 28-day rule above all."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from api.meetings import rules
from api.models import Case, Meeting
from api.models.enums import AttendanceStatus, CaseStatus, MeetingStatus

# 2026-03-01 09:00 in Stockholm (CET, UTC+1).
HELD = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
DEADLINE = date(2026, 3, 29)  # 28 days later


@pytest.mark.parametrize(
    ("next_scheduled", "today", "overdue"),
    [
        (None, date(2026, 3, 10), False),  # still time to book the next one
        (None, DEADLINE, False),  # the deadline day itself is in time
        (None, DEADLINE + timedelta(days=1), True),  # passed without a meeting held
        (datetime(2026, 3, 28, 12, tzinfo=UTC), date(2026, 3, 10), False),
        (datetime(2026, 3, 29, 12, tzinfo=UTC), date(2026, 3, 10), False),  # on the deadline
        (datetime(2026, 3, 30, 8, tzinfo=UTC), date(2026, 3, 10), True),  # booked too late
        # Booked in time but never recorded as held: flagged once the deadline has passed.
        (datetime(2026, 3, 20, 8, tzinfo=UTC), date(2026, 4, 2), True),
    ],
)
def test_meeting_overdue(next_scheduled: datetime | None, today: date, overdue: bool) -> None:
    assert rules.meeting_overdue(HELD, next_scheduled, today) is overdue


def test_no_anchor_means_not_active_and_never_overdue() -> None:
    assert rules.meeting_overdue(None, None, date(2030, 1, 1)) is False


def test_days_are_counted_in_stockholm() -> None:
    # 23:30 UTC on 2026-03-01 is already 2 March in Stockholm: the deadline moves with it.
    late_evening = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    assert rules.meeting_overdue(late_evening, None, date(2026, 3, 30)) is False
    assert rules.meeting_overdue(late_evening, None, date(2026, 3, 31)) is True
    assert rules.meeting_overdue(HELD, None, date(2026, 3, 30)) is True


def _meeting(status: MeetingStatus, starts_in: timedelta) -> Meeting:
    start = datetime.now(UTC) + starts_in
    return Meeting(status=status, starts_at=start, ends_at=start + timedelta(hours=1))


@pytest.mark.parametrize("status", list(CaseStatus))
def test_scheduling_needs_an_open_case(status: CaseStatus) -> None:
    verdict = rules.can_schedule(Case(status=status))
    assert (verdict is True) is (status not in (CaseStatus.closed, CaseStatus.rejected))


@pytest.mark.parametrize("status", list(MeetingStatus))
def test_only_a_scheduled_meeting_moves_or_is_cancelled(status: MeetingStatus) -> None:
    meeting = _meeting(status, timedelta(days=1))
    scheduled = status is MeetingStatus.scheduled
    assert (rules.can_reschedule(Case(status=CaseStatus.active), meeting) is True) is scheduled
    assert (rules.can_cancel(meeting) is True) is scheduled
    assert (rules.can_write_minutes(meeting) is True) is (status is not MeetingStatus.cancelled)


def test_a_meeting_is_held_only_once_it_has_started() -> None:
    now = datetime.now(UTC)
    ahead = _meeting(MeetingStatus.scheduled, timedelta(hours=1))
    started = _meeting(MeetingStatus.scheduled, -timedelta(hours=1))
    held = _meeting(MeetingStatus.held, -timedelta(hours=1))
    assert rules.can_record_held(ahead, now) is not True
    assert rules.can_record_held(started, now) is True
    assert rules.can_record_held(held, now) is not True


def test_attendance_is_recorded_once_the_meeting_has_started() -> None:
    now = datetime.now(UTC)
    ahead = _meeting(MeetingStatus.scheduled, timedelta(hours=1))
    assert rules.can_set_attendance(ahead, AttendanceStatus.invited, now) is True
    assert rules.can_set_attendance(ahead, AttendanceStatus.attended, now) is not True
    started = _meeting(MeetingStatus.scheduled, -timedelta(hours=1))
    assert rules.can_set_attendance(started, AttendanceStatus.absent, now) is True
    cancelled = _meeting(MeetingStatus.cancelled, -timedelta(hours=1))
    assert rules.can_set_attendance(cancelled, AttendanceStatus.invited, now) is not True
