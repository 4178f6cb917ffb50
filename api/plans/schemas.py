"""Action plan request and read models."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import ConfigDict, Field

from api.assessments.schemas import Text
from api.models.enums import PlanItemStatus
from api.schemas import InputSchema, IsoDate, Schema

DEFAULT_FALLBACK = "Kontakta samordnaren"  # DOMAIN.md: "usually: contact the coordinator"

# Examples (synthetic): one item of a published action plan, and its earlier form.
_EXAMPLE_ITEM: dict[str, Any] = {
    "id": "e6f7a8b9-0c1d-4e2f-9a3b-4c5d6e7f8091",
    "plan_version_id": "b8c9d0e1-2f3a-4b4c-8d5e-6f708192a3b4",
    "position": 1,
    "text": "Ordna en plats i skolans studiestöd tre eftermiddagar i veckan.",
    "plain_text": "Du får hjälp med läxorna i skolan tre dagar i veckan efter lektionerna.",
    "responsible_member_id": "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
    "due_on": "2026-05-29",
    "status": "in_progress",
    "category_code": "school",
    "completion_evidence": "Närvarolistan från studiestödet.",
    "fallback_action": DEFAULT_FALLBACK,
    "follow_up_notes": "Har varit där två gånger första veckan.",
    "carried_from_id": "c9d0e1f2-3a4b-4c5d-9e6f-708192a3b4c5",
    "version": 2,
    "updated_at": "2026-05-04T09:00:00+02:00",
}
_EXAMPLE_PREVIOUS_ITEM: dict[str, Any] = _EXAMPLE_ITEM | {
    "id": "c9d0e1f2-3a4b-4c5d-9e6f-708192a3b4c5",
    "plan_version_id": "d0e1f2a3-4b5c-4d6e-8f70-8192a3b4c5d6",
    "due_on": "2026-04-30",
    "status": "planned",
    "follow_up_notes": None,
    "carried_from_id": None,
    "version": 1,
    "updated_at": "2026-04-06T10:00:00+02:00",
}
_EXAMPLE_VERSION_SUMMARY: dict[str, Any] = {
    "id": "b8c9d0e1-2f3a-4b4c-8d5e-6f708192a3b4",
    "number": 2,
    "published_at": "2026-05-04T10:30:00+02:00",
    "published_by_id": "2a4c6e8f-0b1d-4f3a-8c5e-7a9b1c3d5e7f",
    "meeting_id": "f7a8b9c0-1d2e-4f3a-8b4c-5d6e7f8091a2",
}


class PlanItemCreate(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "text": "Ordna en plats i skolans studiestöd tre eftermiddagar i veckan.",
                    "plain_text": "Du får hjälp med läxorna i skolan tre dagar i veckan "
                    "efter lektionerna.",
                    "responsible_member_id": "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
                    "due_on": "2026-05-29",
                    "category_code": "school",
                    "completion_evidence": "Närvarolistan från studiestödet.",
                    "fallback_action": DEFAULT_FALLBACK,
                }
            ]
        }
    )

    text: Text = Field(min_length=1, max_length=4000, description="What is to be done.")
    plain_text: Text = Field(
        min_length=1,
        max_length=4000,
        description="The same in words the young person and the parents easily understand.",
    )
    responsible_member_id: uuid.UUID = Field(
        description="A current member of this case: a professional, the young person or a guardian."
    )
    due_on: IsoDate | None = Field(default=None, description="By when; none for ongoing items.")
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

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "status": "in_progress",
                    "follow_up_notes": "Har varit där två gånger första veckan.",
                },
                {"due_on": "2026-06-12", "position": 2},
            ]
        }
    )

    text: Text | None = Field(default=None, min_length=1, max_length=4000)
    plain_text: Text | None = Field(default=None, min_length=1, max_length=4000)
    responsible_member_id: uuid.UUID | None = None
    due_on: IsoDate | None = None
    category_code: Text | None = Field(default=None, max_length=40)
    completion_evidence: Text | None = Field(default=None, min_length=1, max_length=4000)
    fallback_action: Text | None = Field(default=None, min_length=1, max_length=4000)
    position: int | None = Field(default=None, ge=1, le=10_000)
    status: PlanItemStatus | None = None
    follow_up_notes: Text | None = Field(default=None, max_length=10_000)


class PublishRequest(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"meeting_id": "f7a8b9c0-1d2e-4f3a-8b4c-5d6e7f8091a2"}]}
    )

    meeting_id: uuid.UUID | None = Field(
        default=None, description="The meeting of this case where the plan was decided."
    )


class PlanItemRead(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE_ITEM]})

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

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "draft_id": "e1f2a3b4-5c6d-4e7f-8091-a2b3c4d5e6f7",
                    "version": 4,
                    "latest_published_number": 2,
                    "items": [_EXAMPLE_ITEM],
                }
            ]
        }
    )

    draft_id: uuid.UUID | None = Field(description="None until the first item is added.")
    version: int = Field(description="The draft's version (its ETag); 0 before it exists.")
    latest_published_number: int | None = None
    items: list[PlanItemRead]


class PlanVersionSummary(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE_VERSION_SUMMARY]})

    id: uuid.UUID
    number: int
    published_at: datetime
    published_by_id: uuid.UUID | None = None
    meeting_id: uuid.UUID | None = None


class PlanVersionRead(PlanVersionSummary):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [_EXAMPLE_VERSION_SUMMARY | {"version": 1, "items": [_EXAMPLE_ITEM]}]
        }
    )

    version: int
    items: list[PlanItemRead]


class ItemChange(Schema):
    item: PlanItemRead = Field(description="The item as in this version (dropped: as before).")
    previous: PlanItemRead | None = None
    changed_fields: list[str] = Field(default_factory=list)


class PlanChanges(Schema):
    """What happened since the previous version, following ``carried_from_id``."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "number": 2,
                    "previous_number": 1,
                    "added": [],
                    "changed": [
                        {
                            "item": _EXAMPLE_ITEM,
                            "previous": _EXAMPLE_PREVIOUS_ITEM,
                            "changed_fields": ["due_on", "status", "follow_up_notes"],
                        }
                    ],
                    "finished": [],
                    "dropped": [],
                }
            ]
        }
    )

    number: int
    previous_number: int | None = None
    added: list[ItemChange]
    changed: list[ItemChange]
    finished: list[ItemChange] = Field(description="Marked done since the previous version.")
    dropped: list[ItemChange] = Field(description="Not done, and not carried into this one.")
