"""Helpers shared by the meeting tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.models import Case, Meeting, MeetingAttendance


def times(days_ahead: float = 7, hours: float = 1) -> dict[str, str]:
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=days_ahead)
    return {
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=hours)).isoformat(),
    }


def new_meeting(**overrides: Any) -> dict[str, Any]:
    return {"kind": "network", **times(), "location": "Socialkontoret, rum 3", **overrides}


def meeting_count(session: Session, case: Case) -> int:
    return session.scalar(select(func.count()).where(Meeting.case_id == case.id)) or 0


def attendance(session: Session, meeting_id: uuid.UUID) -> dict[uuid.UUID, str]:
    rows = session.scalars(
        select(MeetingAttendance).where(MeetingAttendance.meeting_id == meeting_id)
    )
    return {row.member_id: row.status.value for row in rows}


def problem_fields(response: Any) -> set[str]:
    return {e["field"] for e in response.json().get("errors", [])}
