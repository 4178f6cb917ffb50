"""Risk assessment request and read models."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict, Field

from api.assessments.instruments import CATALOGUE, SavryGroup
from api.models.enums import Instrument, RiskLevel
from api.schemas import InputSchema, IsoInstant, Schema

DEFAULT_CATEGORY = "social_services"  # social services' own investigation material


def _no_nul(value: str) -> str:
    # PostgreSQL text cannot hold NUL; refuse it as input instead of failing at the insert.
    if "\x00" in value:
        raise ValueError("Text must not contain NUL characters.")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]

# Examples (synthetic): one full SAVRY rating, and how it summarises per group.
_EXAMPLE_HIGH = {"H2", "S1", "I2"}
_EXAMPLE_LOW = {"H1", "H3", "H5", "H6", "H7", "H8", "H9", "S2", "S6", "I1", "I4", "I5", "I6", "I8"}
_EXAMPLE_ABSENT = {"P2", "P4", "P6"}


def _example_rating(item_code: str) -> str:
    if item_code.startswith("P"):
        return "absent" if item_code in _EXAMPLE_ABSENT else "present"
    if item_code in _EXAMPLE_HIGH:
        return "high"
    return "low" if item_code in _EXAMPLE_LOW else "moderate"


_EXAMPLE_RATINGS: list[Any] = [
    {"item_code": item.code, "rating": _example_rating(item.code)} for item in CATALOGUE
]
_EXAMPLE_RATINGS_READ: list[Any] = [
    {
        "item_code": item.code,
        "group": item.group.value,
        "name_sv": item.name_sv,
        "rating": _example_rating(item.code),
    }
    for item in CATALOGUE
]


def _example_counts(group: SavryGroup) -> dict[str, Any]:
    counts: dict[str, Any] = {"group": group.value}
    for name in ("high", "moderate", "low", "present", "absent"):
        counts[name] = sum(
            1 for item in CATALOGUE if item.group is group and _example_rating(item.code) == name
        )
    return counts


_EXAMPLE_SUMMARY: dict[str, Any] = {
    "id": "4b1d7c2e-8f3a-4e6b-9c5d-2a7e8f9b0c1d",
    "instrument": "savry",
    "category_code": "social_services",
    "assessed_at": "2026-05-04T09:00:00+02:00",
    "assessed_by_id": "1d5c8a3e-4b6f-4c7d-9e8f-0a1b2c3d4e5f",
    "overall_risk": "moderate",
    "created_at": "2026-05-04T10:15:00+02:00",
}


class RatingIn(InputSchema):
    item_code: str = Field(
        pattern=r"^[A-Za-z0-9]{1,8}$",
        examples=["H1"],
        description="A SAVRY item: H1-H10, S1-S6, I1-I8 or protective factor P1-P6.",
    )
    rating: str = Field(
        max_length=16,
        examples=["moderate"],
        description="`low`, `moderate` or `high` for risk items; `present` or `absent` for P1-P6.",
    )


class AssessmentCreate(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "instrument": "savry",
                    "ratings": _EXAMPLE_RATINGS,
                    "overall_risk": "moderate",
                    "summary": "Kamrater som begår brott och skolfrånvaro väger tyngst; "
                    "stöd från idrottsföreningen är en skyddsfaktor.",
                    "assessed_at": "2026-05-04T09:00:00+02:00",
                    "category_code": "social_services",
                }
            ]
        }
    )

    instrument: Instrument = Field(
        description="Only `savry` can be registered; `ester` is refused (no catalogue here)."
    )
    ratings: list[RatingIn] = Field(
        max_length=64, description="Exactly one rating for each of the 30 SAVRY items."
    )
    overall_risk: RiskLevel = Field(description="The professional's summary judgement.")
    summary: Text | None = Field(default=None, max_length=10_000)
    assessed_at: IsoInstant | None = Field(default=None, description="Defaults to now.")
    category_code: Text = Field(default=DEFAULT_CATEGORY, max_length=40)


class RatingRead(Schema):
    item_code: str
    group: SavryGroup
    name_sv: str
    rating: str


class GroupCounts(Schema):
    """Per group: how many risk items are rated high/moderate/low, or protective factors
    present/absent (the other counts are 0)."""

    group: SavryGroup
    high: int = 0
    moderate: int = 0
    low: int = 0
    present: int = 0
    absent: int = 0


class AssessmentSummary(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE_SUMMARY]})

    id: uuid.UUID
    instrument: Instrument
    category_code: str
    assessed_at: datetime
    assessed_by_id: uuid.UUID
    overall_risk: RiskLevel
    created_at: datetime


class AssessmentRead(AssessmentSummary):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                _EXAMPLE_SUMMARY
                | {
                    "summary": "Kamrater som begår brott och skolfrånvaro väger tyngst; "
                    "stöd från idrottsföreningen är en skyddsfaktor.",
                    "ratings": _EXAMPLE_RATINGS_READ,
                    "groups": [_example_counts(group) for group in SavryGroup],
                    "version": 1,
                }
            ]
        }
    )

    summary: str | None = None
    ratings: list[RatingRead]
    groups: list[GroupCounts]
    version: int


class ItemChange(Schema):
    item_code: str
    group: SavryGroup
    name_sv: str
    from_rating: str
    to_rating: str
    change: str = Field(
        description="`worse` (risk rated higher, protective factor lost), `better` or `same`."
    )


class GroupChange(Schema):
    group: SavryGroup
    from_counts: GroupCounts
    to_counts: GroupCounts


class AssessmentComparison(Schema):
    """Two assessments of the case item by item: "repeated to measure change" (DOMAIN.md)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "from_assessment": _EXAMPLE_SUMMARY | {"overall_risk": "high"},
                    "to_assessment": _EXAMPLE_SUMMARY
                    | {
                        "id": "5c2e8d3f-9a4b-4f7c-8d6e-3b8f9a0c1d2e",
                        "assessed_at": "2026-11-02T09:00:00+01:00",
                        "created_at": "2026-11-02T10:30:00+01:00",
                    },
                    "overall_risk_change": "better",
                    "items": [
                        {
                            "item_code": "S1",
                            "group": "social",
                            "name_sv": "Kamrater som begår brott",
                            "from_rating": "high",
                            "to_rating": "moderate",
                            "change": "better",
                        },
                        {
                            "item_code": "P2",
                            "group": "protective",
                            "name_sv": "Starkt socialt stöd",
                            "from_rating": "absent",
                            "to_rating": "present",
                            "change": "better",
                        },
                    ],
                    "groups": [
                        {
                            "group": "social",
                            "from_counts": {"group": "social", "high": 2, "moderate": 2, "low": 2},
                            "to_counts": {"group": "social", "high": 1, "moderate": 3, "low": 2},
                        }
                    ],
                }
            ]
        }
    )

    from_assessment: AssessmentSummary
    to_assessment: AssessmentSummary
    overall_risk_change: str = Field(description="`worse`, `better` or `same`.")
    items: list[ItemChange]
    groups: list[GroupChange]
