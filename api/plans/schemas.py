"""Action plan request and read models."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import Field

from api.assessments.schemas import Text
from api.models.enums import PlanItemStatus
from api.schemas import InputSchema, Schema

DEFAULT_FALLBACK = "Kontakta samordnaren"  # DOMAIN.md: "usually: contact the coordinator"


class PlanItemCreate(InputSchema):
    text: Text = Field(min_length=1, max_length=4000, description="What is to be done.")
    plain_text: Text = Field(
        min_length=1,
        max_length=4000,
        description="The same in words the young person and the parents easily understand.",
    )
    responsible_member_id: uuid.UUID = Field(
        description="A current member of this case: a professional, the young person or a guardian."
    )
    due_on: date | None = Field(default=None, description="By when; none for ongoing items.")
    category_code: Text = Field(max_length=40, examples=["school"])
    completion_evidence: Text = Field(
        min_length=1, max_length=4000, description="How completion is documented."
    )
    fallback_action: Text = Field(
        default=DEFAULT_FALLBACK,
        min_length=1,
        max_length=4000,
        description="What the responsible person does if it cannot be done.",
    )
    position: int | None = Field(
        default=None, ge=1, le=10_000, description="Order in the plan; default last."
    )


class PlanItemUpdate(InputSchema):
    """Send only what changes. The responsible member may send ``status`` and
    ``follow_up_notes`` only; everything else is for the case officer and coordinator."""

    text: Text | None = Field(default=None, min_length=1, max_length=4000)
    plain_text: Text | None = Field(default=None, min_length=1, max_length=4000)
    responsible_member_id: uuid.UUID | None = None
    due_on: date | None = None
    category_code: Text | None = Field(default=None, max_length=40)
    completion_evidence: Text | None = Field(default=None, min_length=1, max_length=4000)
    fallback_action: Text | None = Field(default=None, min_length=1, max_length=4000)
    position: int | None = Field(default=None, ge=1, le=10_000)
    status: PlanItemStatus | None = None
    follow_up_notes: Text | None = Field(default=None, max_length=10_000)


class PublishRequest(InputSchema):
    meeting_id: uuid.UUID | None = Field(
        default=None, description="The meeting of this case where the plan was decided."
    )


class PlanItemRead(Schema):
    id: uuid.UUID
    plan_version_id: uuid.UUID
    position: int
    text: str
    plain_text: str
    responsible_member_id: uuid.UUID
    due_on: date | None = None
    status: PlanItemStatus
    category_code: str
    completion_evidence: str | None = None
    fallback_action: str | None = None
    follow_up_notes: str | None = None
    carried_from_id: uuid.UUID | None = Field(
        default=None, description="The item of the previous version this one continues."
    )
    version: int
    updated_at: datetime


class CurrentPlan(Schema):
    """The draft edited between meetings; it exists from the first change on."""

    draft_id: uuid.UUID | None = Field(description="None until the first item is added.")
    version: int = Field(description="The draft's version (its ETag); 0 before it exists.")
    latest_published_number: int | None = None
    items: list[PlanItemRead]


class PlanVersionSummary(Schema):
    id: uuid.UUID
    number: int
    published_at: datetime
    published_by_id: uuid.UUID | None = None
    meeting_id: uuid.UUID | None = None


class PlanVersionRead(PlanVersionSummary):
    version: int
    items: list[PlanItemRead]


class ItemChange(Schema):
    item: PlanItemRead = Field(description="The item as in this version (dropped: as before).")
    previous: PlanItemRead | None = None
    changed_fields: list[str] = Field(default_factory=list)


class PlanChanges(Schema):
    """What happened since the previous version, following ``carried_from_id``."""

    number: int
    previous_number: int | None = None
    added: list[ItemChange]
    changed: list[ItemChange]
    finished: list[ItemChange] = Field(description="Marked done since the previous version.")
    dropped: list[ItemChange] = Field(description="Not done, and not carried into this one.")
