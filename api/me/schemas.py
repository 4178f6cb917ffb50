"""Read models of my work across cases. Cases are named by reference only."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import Field

from api.models.enums import MeetingKind, MeetingStatus, PlanItemStatus
from api.schemas import Schema


class MyTask(Schema):
    id: uuid.UUID = Field(description="The action-plan item's id.")
    case_id: uuid.UUID
    case_reference: str = Field(examples=["SIG-2026-0007"])
    text: str
    category_code: str
    due_on: date | None = None
    status: PlanItemStatus
    overdue: bool = Field(description="Due before today and not yet done or given up.")


class MyMeeting(Schema):
    id: uuid.UUID = Field(description="The meeting's id.")
    case_id: uuid.UUID
    case_reference: str = Field(examples=["SIG-2026-0007"])
    kind: MeetingKind
    starts_at: datetime
    ends_at: datetime
    location: str | None = None
    status: MeetingStatus
