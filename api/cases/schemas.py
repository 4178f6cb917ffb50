"""Case read models."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import Field

from api.models.enums import CaseStatus, ClosureReason, LegalBasis, TargetGroup
from api.schemas import Schema


class YoungPersonRef(Schema):
    id: uuid.UUID
    given_name: str
    family_name: str
    birth_date: date
    personal_number: str | None = Field(
        default=None, description="Shown to social-services staff of the unit only."
    )


class CaseSummary(Schema):
    id: uuid.UUID
    reference: str = Field(examples=["SIG-2026-0007"])
    status: CaseStatus
    target_group: TargetGroup
    young_person: YoungPersonRef
    owning_unit_id: uuid.UUID
    intervention_end_on: date | None = None
    updated_at: datetime


class CaseRead(CaseSummary):
    case_officer_id: uuid.UUID | None = None
    coordinator_id: uuid.UUID | None = None
    legal_basis: LegalBasis | None = None
    decided_on: date | None = None
    intervention_start_on: date | None = None
    youth_goals: str | None = None
    guardian_goals: str | None = None
    closure_reason: ClosureReason | None = None
    closure_summary: str | None = None
    version: int
