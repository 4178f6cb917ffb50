"""What a proposer and the preparation group see of a proposal: nothing that identifies the
young person."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from api.models.enums import CaseStatus, OrganizationKind, TargetGroup
from api.schemas import Schema


class ProposalStatus(Schema):
    """A proposal as its proposer follows it: the reference and the status, nothing more."""

    id: uuid.UUID
    reference: str = Field(examples=["SIG-2026-0007"])
    status: CaseStatus
    created_at: datetime
    updated_at: datetime


class DeidentifiedProposal(Schema):
    """A proposal for the preparation group: age, area and risk picture, no name, identity
    number or address (DOMAIN.md, "The life of a case" 1)."""

    id: uuid.UUID
    age: int = Field(description="Completed years today.", examples=[15])
    area: str | None = Field(
        default=None, description="District; withheld for a person with protected identity."
    )
    target_group: TargetGroup
    risk_summary: str | None = None
    proposed_by_organization_kind: OrganizationKind
    status: CaseStatus
    created_at: datetime
