"""Read models of my work across cases. Cases are named by reference only."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import ConfigDict, Field

from api.models.enums import MeetingKind, MeetingStatus, PlanItemStatus
from api.schemas import Schema


class MyTask(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "e6f7a8b9-0c1d-4e2f-9a3b-4c5d6e7f8091",
                    "case_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "case_reference": "SIG-2026-0007",
                    "text": "Ordna en plats i skolans studiestöd tre eftermiddagar i veckan.",
                    "category_code": "school",
                    "due_on": "2026-05-29",
                    "status": "in_progress",
                    "overdue": False,
                }
            ]
        }
    )

    id: uuid.UUID = Field(description="The action-plan item's id.")
    case_id: uuid.UUID
    case_reference: str = Field(examples=["SIG-2026-0007"])
    text: str
    category_code: str
    due_on: date | None = None
    status: PlanItemStatus
    overdue: bool = Field(description="Due before today and not yet done or given up.")


class MyMeeting(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "f7a8b9c0-1d2e-4f3a-8b4c-5d6e7f8091a2",
                    "case_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "case_reference": "SIG-2026-0007",
                    "kind": "network",
                    "starts_at": "2026-05-04T09:00:00+02:00",
                    "ends_at": "2026-05-04T10:30:00+02:00",
                    "location": "Socialkontoret, rum 3",
                    "status": "scheduled",
                }
            ]
        }
    )

    id: uuid.UUID = Field(description="The meeting's id.")
    case_id: uuid.UUID
    case_reference: str = Field(examples=["SIG-2026-0007"])
    kind: MeetingKind
    starts_at: datetime
    ends_at: datetime
    location: str | None = None
    status: MeetingStatus
