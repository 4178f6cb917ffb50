"""Meeting request and read models."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import AwareDatetime, Field

from api.models.enums import AttendanceStatus, MeetingKind, MeetingStatus
from api.schemas import InputSchema, Schema

MAX_MINUTES = 50_000
Location = Field(default=None, max_length=255, examples=["Socialkontoret, rum 3"])


class MeetingCreate(InputSchema):
    kind: MeetingKind
    starts_at: AwareDatetime = Field(description="Start, with offset.")
    ends_at: AwareDatetime = Field(description="End, with offset; after the start.")
    location: str | None = Location


class MeetingUpdate(InputSchema):
    """Reschedule (times, place) or write the minutes; send only what changes."""

    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    location: str | None = Location
    minutes: str | None = Field(default=None, max_length=MAX_MINUTES)


class AttendanceSet(InputSchema):
    member_id: uuid.UUID
    status: AttendanceStatus


class MeetingHeld(InputSchema):
    """Record that the meeting took place; minutes and attendance may follow later."""

    minutes: str | None = Field(default=None, max_length=MAX_MINUTES)
    attendance: list[AttendanceSet] = Field(default_factory=list, max_length=200)


class AttendanceRead(Schema):
    member_id: uuid.UUID
    status: AttendanceStatus


class MeetingSummary(Schema):
    id: uuid.UUID
    case_id: uuid.UUID
    kind: MeetingKind
    starts_at: datetime
    ends_at: datetime
    location: str | None = None
    status: MeetingStatus
    sequence: int = Field(description="Calendar revision; grows on every reschedule or cancel.")
    version: int


class MeetingRead(MeetingSummary):
    minutes: str | None = Field(
        default=None, description="Null when there are none, or when `minutes_visible` is false."
    )
    minutes_visible: bool = Field(
        description="False when the consent does not cover social-services information for you."
    )
    attendance: list[AttendanceRead]
    created_at: datetime
    updated_at: datetime
