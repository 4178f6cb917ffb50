"""Journal request and read models."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import AwareDatetime, Field

from api.models.enums import JournalKind
from api.schemas import InputSchema, Schema

MAX_BODY = 20_000


class JournalEntryCreate(InputSchema):
    kind: JournalKind
    category_code: str = Field(
        min_length=1, max_length=40, examples=["school"], description="An active category."
    )
    occurred_at: AwareDatetime = Field(description="When it happened, with offset; not ahead.")
    body: str = Field(min_length=1, max_length=MAX_BODY)


class JournalEntryRead(Schema):
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
