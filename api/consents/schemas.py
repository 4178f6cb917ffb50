"""Consent read and write models. There is no update model: a consent is never widened in
place, a change is a new consent (api/models/consents.py)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import ConfigDict, Field, StringConstraints

from api.models.enums import GrantorRelation
from api.schemas import InputSchema, IsoDate, Schema

Text255 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
CategoryCode = Annotated[str, StringConstraints(min_length=1, max_length=40)]

# Example (synthetic): the young person and one guardian sign for police and school.
_EXAMPLE_READ: dict[str, Any] = {
    "id": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
    "case_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "status": "active",
    "expires_soon": False,
    "grantors": [
        {
            "person_id": "9b2e4f1a-2c3d-4e5f-8a6b-7c8d9e0f1a2b",
            "relation": "young_person",
            "signed_on": "2026-05-04",
        },
        {
            "person_id": "c4d5e6f7-8a9b-4c0d-9e1f-2a3b4c5d6e7f",
            "relation": "guardian",
            "signed_on": "2026-05-04",
        },
    ],
    "organization_ids": [
        "6a8c0e2f-4b6d-4f8a-9c1e-3d5f7a9b1c2d",
        "8d0f2a4c-6e8b-4d1f-a3c5-e7f9b1d3f5a7",
    ],
    "category_codes": ["police", "school", "social_services"],
    "valid_from": "2026-05-04",
    "valid_until": "2027-05-03",
    "document_reference": "Samtyckesblankett 2026-14, akt i socialtjänstens journal",
    "collected_by_id": "1d5c8a3e-4b6f-4c7d-9e8f-0a1b2c3d4e5f",
    "collected_by_organization_id": "5e7a9c1b-3d5f-4a7b-8c9d-0e1f2a3b4c5d",
    "withdrawn_at": None,
    "withdrawn_by_person_id": None,
    "withdrawal_recorded_by_id": None,
    "withdrawal_reason": None,
    "created_at": "2026-05-04T09:00:00+02:00",
    "version": 1,
}


class ConsentStatus(StrEnum):
    """Computed from the dates and the withdrawal, never stored."""

    active = "active"
    expired = "expired"
    withdrawn = "withdrawn"
    not_yet_valid = "not_yet_valid"


class GrantorCreate(InputSchema):
    """A signature. Whether it is the young person's or a guardian's follows from the person."""

    person_id: uuid.UUID
    signed_on: IsoDate


class ConsentCreate(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "grantors": [
                        {
                            "person_id": "9b2e4f1a-2c3d-4e5f-8a6b-7c8d9e0f1a2b",
                            "signed_on": "2026-05-04",
                        },
                        {
                            "person_id": "c4d5e6f7-8a9b-4c0d-9e1f-2a3b4c5d6e7f",
                            "signed_on": "2026-05-04",
                        },
                    ],
                    "organization_ids": [
                        "6a8c0e2f-4b6d-4f8a-9c1e-3d5f7a9b1c2d",
                        "8d0f2a4c-6e8b-4d1f-a3c5-e7f9b1d3f5a7",
                    ],
                    "category_codes": ["police", "school", "social_services"],
                    "valid_from": "2026-05-04",
                    "valid_until": "2027-05-03",
                    "document_reference": _EXAMPLE_READ["document_reference"],
                }
            ]
        }
    )

    grantors: list[GrantorCreate] = Field(min_length=1, max_length=10)
    organization_ids: list[uuid.UUID] = Field(min_length=1, max_length=50)
    category_codes: list[CategoryCode] = Field(
        min_length=1, max_length=50, examples=[["police", "school"]]
    )
    valid_from: IsoDate
    valid_until: IsoDate
    document_reference: Text255 | None = Field(
        default=None, examples=["Samtyckesblankett 2026-14, akt i socialtjänstens journal"]
    )


class ConsentWithdraw(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "withdrawn_by_person_id": "c4d5e6f7-8a9b-4c0d-9e1f-2a3b4c5d6e7f",
                    "reason": "Vårdnadshavaren vill inte längre att skolan får uppgifter.",
                }
            ]
        }
    )

    withdrawn_by_person_id: uuid.UUID = Field(description="One of the consent's grantors.")
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] | None = None


class GrantorRead(Schema):
    person_id: uuid.UUID
    relation: GrantorRelation
    signed_on: date


class ConsentRead(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE_READ]})

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
