"""Risk assessment request and read models."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, Field

from api.assessments.instruments import SavryGroup
from api.models.enums import Instrument, RiskLevel
from api.schemas import InputSchema, Schema

DEFAULT_CATEGORY = "social_services"  # social services' own investigation material


def _no_nul(value: str) -> str:
    # PostgreSQL text cannot hold NUL; refuse it as input instead of failing at the insert.
    if "\x00" in value:
        raise ValueError("Text must not contain NUL characters.")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]


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
    instrument: Instrument = Field(
        description="Only `savry` can be registered; `ester` is refused (no catalogue here)."
    )
    ratings: list[RatingIn] = Field(
        max_length=64, description="Exactly one rating for each of the 30 SAVRY items."
    )
    overall_risk: RiskLevel = Field(description="The professional's summary judgement.")
    summary: Text | None = Field(default=None, max_length=10_000)
    assessed_at: AwareDatetime | None = Field(default=None, description="Defaults to now.")
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
    id: uuid.UUID
    instrument: Instrument
    category_code: str
    assessed_at: datetime
    assessed_by_id: uuid.UUID
    overall_risk: RiskLevel
    created_at: datetime


class AssessmentRead(AssessmentSummary):
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

    from_assessment: AssessmentSummary
    to_assessment: AssessmentSummary
    overall_risk_change: str = Field(description="`worse`, `better` or `same`.")
    items: list[ItemChange]
    groups: list[GroupChange]
