"""Case read models and the bodies of the case workflow."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import Field, StringConstraints, model_validator

from api.models.enums import (
    CaseStatus,
    ClosureReason,
    LegalBasis,
    OrganizationKind,
    TargetGroup,
)
from api.schemas import InputSchema, Schema

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Area = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


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
    flags: list[str] = Field(
        default_factory=list,
        description="Follow-up flags: `meeting_overdue` (no network meeting held for four weeks "
        "and none booked), `consent_expiring` (the consent in force ends within 30 days).",
        examples=[["meeting_overdue"]],
    )


class CaseRead(CaseSummary):
    case_officer_id: uuid.UUID | None = None
    coordinator_id: uuid.UUID | None = None
    proposed_by_organization_kind: OrganizationKind
    proposal_reason: str | None = None
    risk_summary: str | None = None
    assessed_at: datetime | None = None
    legal_basis: LegalBasis | None = None
    decided_on: date | None = None
    decided_by_id: uuid.UUID | None = None
    activated_at: datetime | None = None
    intervention_start_on: date | None = None
    youth_goals: str | None = None
    guardian_goals: str | None = None
    closed_at: datetime | None = None
    closure_reason: ClosureReason | None = None
    closure_summary: str | None = None
    rejected_at: datetime | None = None
    rejection_reason: str | None = None
    created_at: datetime
    version: int


class YoungPersonIn(InputSchema):
    """Who is proposed: by identity number, or, when it is unknown, by name and birth date."""

    personal_number: str | None = Field(
        default=None,
        max_length=13,
        description="Personnummer or samordningsnummer, 10 or 12 digits, with or without `-`.",
        examples=["20100101-2384"],
    )
    given_name: Name
    family_name: Name
    birth_date: date | None = Field(
        default=None, description="Required when the identity number is unknown."
    )

    @model_validator(mode="after")
    def _number_or_birth_date(self) -> YoungPersonIn:
        if self.personal_number is None and self.birth_date is None:
            raise ValueError("give the personal_number, or the birth_date when it is unknown")
        return self


class CaseCreate(InputSchema):
    """A proposal (förslag): anyone may propose a young person to a social-services unit."""

    unit_id: uuid.UUID = Field(description="The social-services unit that will own the case.")
    target_group: TargetGroup
    young_person: YoungPersonIn
    area: Area | None = Field(default=None, description="District (stadsdel); never an address.")
    proposal_reason: Text
    risk_summary: Text = Field(
        description="The de-identified risk picture the preparation group reads: no name, "
        "no identity number, no address."
    )


# Fields a PATCH may clear; the others hold a value once set.
_NOT_NULL = ("target_group",)


class CaseUpdate(InputSchema):
    """Intake and assignment fields; only those sent are changed."""

    target_group: TargetGroup | None = None
    case_officer_id: uuid.UUID | None = None
    coordinator_id: uuid.UUID | None = None
    youth_goals: Text | None = Field(default=None, description="The young person's own goals.")
    guardian_goals: Text | None = Field(default=None, description="The guardians' goals.")
    intervention_start_on: date | None = None
    intervention_end_on: date | None = None
    risk_summary: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _refuse_null(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for name in _NOT_NULL:
                if name in data and data[name] is None:
                    raise ValueError(f"{name} cannot be cleared")
        return data


class DecideBody(InputSchema):
    legal_basis: LegalBasis = Field(
        description="SoL 4 kap. 1 § (`sol_4_1`), LVU 11 § (`lvu_11`) or a youth-care sentence."
    )
    decided_on: date


class ActivateBody(InputSchema):
    intervention_start_on: date | None = Field(
        default=None, description="Defaults to the one already set, or today."
    )
    intervention_end_on: date | None = Field(
        default=None, description="Required unless already set: the intervention is time-limited."
    )


class CloseBody(InputSchema):
    closure_reason: ClosureReason
    closure_summary: Text = Field(description="The development and the goals met.")


class RejectBody(InputSchema):
    rejection_reason: Text


class AssignBody(InputSchema):
    """Who works on the case; at least one of the two."""

    case_officer_id: uuid.UUID | None = None
    coordinator_id: uuid.UUID | None = None
