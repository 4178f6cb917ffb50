"""Meeting request and read models."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import ConfigDict, Field

from api.models.enums import AttendanceStatus, MeetingKind, MeetingStatus
from api.schemas import InputSchema, IsoInstant, Schema

MAX_MINUTES = 50_000
Location = Field(default=None, max_length=255, examples=["Socialkontoret, rum 3"])

# Examples (synthetic): a network meeting with the young person, a guardian and the police.
_EXAMPLE_SUMMARY: dict[str, Any] = {
    "id": "f7a8b9c0-1d2e-4f3a-8b4c-5d6e7f8091a2",
    "case_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "kind": "network",
    "starts_at": "2026-05-04T09:00:00+02:00",
    "ends_at": "2026-05-04T10:30:00+02:00",
    "location": "Socialkontoret, rum 3",
    "status": "held",
    "sequence": 1,
    "version": 3,
}
_EXAMPLE_MINUTES = "Testa berättade om skolstarten. Överenskommet: studiestöd tre dagar i veckan."
_EXAMPLE_ATTENDANCE: list[Any] = [
    {"member_id": "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", "status": "attended"},
    {"member_id": "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e", "status": "absent"},
]


class MeetingCreate(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "network",
                    "starts_at": "2026-05-04T09:00:00+02:00",
                    "ends_at": "2026-05-04T10:30:00+02:00",
                    "location": "Socialkontoret, rum 3",
                }
            ]
        }
    )

    kind: MeetingKind
    starts_at: IsoInstant = Field(description="Start, with offset.")
    ends_at: IsoInstant = Field(description="End, with offset; after the start.")
    location: str | None = Location


class MeetingUpdate(InputSchema):
    """Reschedule (times, place) or write the minutes; send only what changes."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "starts_at": "2026-05-06T13:00:00+02:00",
                    "ends_at": "2026-05-06T14:30:00+02:00",
                    "location": "Exempelskolan, konferensrummet",
                },
                {"minutes": _EXAMPLE_MINUTES},
            ]
        }
    )

    starts_at: IsoInstant | None = None
    ends_at: IsoInstant | None = None
    location: str | None = Location
    minutes: str | None = Field(default=None, max_length=MAX_MINUTES)


class AttendanceSet(InputSchema):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE_ATTENDANCE[0]]})

    member_id: uuid.UUID
    status: AttendanceStatus


class MeetingHeld(InputSchema):
    """Record that the meeting took place; minutes and attendance may follow later."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"minutes": _EXAMPLE_MINUTES, "attendance": _EXAMPLE_ATTENDANCE}]
        }
    )

    minutes: str | None = Field(default=None, max_length=MAX_MINUTES)
    attendance: list[AttendanceSet] = Field(default_factory=list, max_length=200)


class AttendanceRead(Schema):
    member_id: uuid.UUID
    status: AttendanceStatus


class MeetingSummary(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE_SUMMARY]})

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
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                _EXAMPLE_SUMMARY
                | {
                    "minutes": _EXAMPLE_MINUTES,
                    "minutes_visible": True,
                    "attendance": _EXAMPLE_ATTENDANCE,
                    "created_at": "2026-04-20T11:00:00+02:00",
                    "updated_at": "2026-05-04T11:05:00+02:00",
                }
            ]
        }
    )

    minutes: str | None = Field(
        default=None, description="Null when there are none, or when `minutes_visible` is false."
    )
    minutes_visible: bool = Field(
        description="False when the consent does not cover social-services information for you."
    )
    attendance: list[AttendanceRead]
    created_at: datetime
    updated_at: datetime
