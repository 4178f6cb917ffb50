"""Consent read and write models. There is no update model: a consent is never widened in
place, a change is a new consent (api/models/consents.py)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from api.models.enums import GrantorRelation
from api.schemas import InputSchema, Schema

Text255 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
CategoryCode = Annotated[str, StringConstraints(min_length=1, max_length=40)]


class ConsentStatus(StrEnum):
    """Computed from the dates and the withdrawal, never stored."""

    active = "active"
    expired = "expired"
    withdrawn = "withdrawn"
    not_yet_valid = "not_yet_valid"


class GrantorCreate(InputSchema):
    """A signature. Whether it is the young person's or a guardian's follows from the person."""

    person_id: uuid.UUID
    signed_on: date


class ConsentCreate(InputSchema):
    grantors: list[GrantorCreate] = Field(min_length=1, max_length=10)
    organization_ids: list[uuid.UUID] = Field(min_length=1, max_length=50)
    category_codes: list[CategoryCode] = Field(
        min_length=1, max_length=50, examples=[["police", "school"]]
    )
    valid_from: date
    valid_until: date
    document_reference: Text255 | None = Field(
        default=None, examples=["Samtyckesblankett 2026-14, akt i socialtjänstens journal"]
    )


class ConsentWithdraw(InputSchema):
    withdrawn_by_person_id: uuid.UUID = Field(description="One of the consent's grantors.")
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] | None = None


class GrantorRead(Schema):
    person_id: uuid.UUID
    relation: GrantorRelation
    signed_on: date


class ConsentRead(Schema):
    id: uuid.UUID
    case_id: uuid.UUID
    status: ConsentStatus
    expires_soon: bool = Field(description="Active and ends within 30 days.")
    grantors: list[GrantorRead]
    organization_ids: list[uuid.UUID]
    category_codes: list[str]
    valid_from: date
    valid_until: date
    document_reference: str | None = Field(
        default=None, description="Shown to social-services staff only."
    )
    collected_by_id: uuid.UUID
    collected_by_organization_id: uuid.UUID
    withdrawn_at: datetime | None = None
    withdrawn_by_person_id: uuid.UUID | None = None
    withdrawal_recorded_by_id: uuid.UUID | None = None
    withdrawal_reason: str | None = Field(
        default=None, description="Shown to social-services staff only."
    )
    created_at: datetime
    version: int
