"""Journal request and read models."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import ConfigDict, Field

from api.models.enums import JournalKind
from api.schemas import InputSchema, IsoInstant, Schema

MAX_BODY = 20_000


class JournalEntryCreate(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "school_attendance",
                    "category_code": "school",
                    "occurred_at": "2026-05-04T09:00:00+02:00",
                    "body": "Testa kom till första lektionen och var kvar hela skoldagen.",
                }
            ]
        }
    )

    kind: JournalKind
    category_code: str = Field(
        min_length=1, max_length=40, examples=["school"], description="An active category."
    )
    occurred_at: IsoInstant = Field(description="When it happened, with offset; not ahead.")
    body: str = Field(min_length=1, max_length=MAX_BODY)


class JournalEntryRead(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "d5e6f7a8-9b0c-4d1e-8f2a-3b4c5d6e7f80",
                    "category_code": "school",
                    "kind": "school_attendance",
                    "occurred_at": "2026-05-04T09:00:00+02:00",
                    "body": "Testa kom till första lektionen och var kvar hela skoldagen.",
                    "author_id": "4c6e8a0b-2d4f-4b6c-9e8a-0c2e4a6b8d0f",
                    "author_client_id": None,
                    "author_organization_id": "8d0f2a4c-6e8b-4d1f-a3c5-e7f9b1d3f5a7",
                    "created_at": "2026-05-04T15:20:00+02:00",
                    "version": 1,
                }
            ]
        }
    )

    id: uuid.UUID
    category_code: str = Field(examples=["police"])
    kind: JournalKind
    occurred_at: datetime
    body: str
    author_id: uuid.UUID | None = Field(default=None, description="The person who wrote it.")
    author_client_id: uuid.UUID | None = Field(
        default=None, description="The integration client that wrote it, if not a person."
    )
    author_organization_id: uuid.UUID
    created_at: datetime
    version: int
