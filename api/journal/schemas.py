"""Journal read models."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from api.models.enums import JournalKind
from api.schemas import Schema


class JournalEntryRead(Schema):
    id: uuid.UUID
    category_code: str = Field(examples=["police"])
    kind: JournalKind
    occurred_at: datetime
    body: str
    author_organization_id: uuid.UUID
    created_at: datetime
