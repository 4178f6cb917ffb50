"""Read model of a notice on My work. Cases are named by reference only, and the text is made
from codes and dates, never from personal data or free text."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import ConfigDict, Field

from api.schemas import Schema


class NoticeKind(StrEnum):
    """The event types the scheduled checks raise (api/checks)."""

    consent_expiring = "consent.expiring"
    meeting_overdue = "meeting.overdue"
    task_overdue = "task.overdue"


class Notice(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3",
                    "kind": "task.overdue",
                    "case_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "case_reference": "SIG-2026-0007",
                    "subject_type": "plan_item",
                    "subject_id": "e6f7a8b9-0c1d-4e2f-9a3b-4c5d6e7f8091",
                    "occurrence": "2026-11-15",
                    "category_code": "school",
                    "raised_at": "2026-11-16T05:00:00Z",
                    "message": "Åtgärden skulle vara klar 2026-11-15",
                }
            ]
        }
    )

    id: uuid.UUID = Field(description="The notice's id.")
    kind: NoticeKind
    case_id: uuid.UUID
    case_reference: str = Field(examples=["SIG-2026-0007"])
    subject_type: str = Field(
        description="What the notice is about: `consent`, `case` or `plan_item`.",
        examples=["plan_item"],
    )
    subject_id: uuid.UUID = Field(description="The consent, the case or the plan item.")
    occurrence: str = Field(
        description=(
            "The date that was passed or is coming: the consent's last day, the start of the "
            "four weeks without a network meeting, or the item's due date."
        ),
        examples=["2026-11-15"],
    )
    category_code: str | None = Field(
        default=None, description="The plan item's information category (task notices only)."
    )
    raised_at: datetime
    message: str = Field(description="A short Swedish text for the notice.")
