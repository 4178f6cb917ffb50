"""The meeting workflow's pure rules. (The 28-day rule is the case list's SQL flag, tested in
tests/cases.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from api.meetings import rules
from api.models import Case, Meeting
from api.models.enums import AttendanceStatus, CaseStatus, MeetingStatus


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
