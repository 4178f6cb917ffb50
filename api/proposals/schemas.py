"""What a proposer and the preparation group see of a proposal: nothing that identifies the
young person."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import ConfigDict, Field

from api.models.enums import CaseStatus, OrganizationKind, TargetGroup
from api.schemas import Schema


class ProposalStatus(Schema):
    """A proposal as its proposer follows it: the reference and the status, nothing more."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "reference": "SIG-2026-0007",
                    "status": "proposed",
                    "created_at": "2026-05-04T09:00:00+02:00",
                    "updated_at": "2026-05-04T09:00:00+02:00",
                }
            ]
        }
    )

    id: uuid.UUID
    reference: str = Field(examples=["SIG-2026-0007"])
    status: CaseStatus
    created_at: datetime
    updated_at: datetime


class DeidentifiedProposal(Schema):
    """A proposal for the preparation group: age, area and risk picture, no name, identity
    number or address (DOMAIN.md, "The life of a case" 1)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "age": 15,
                    "area": "Exempelstad centrum",
                    "target_group": "at_risk",
                    "risk_summary": "Umgås med kriminellt aktiva äldre kamrater; "
                    "skolfrånvaro 40 % senaste terminen.",
                    "proposed_by_organization_kind": "police",
                    "status": "proposed",
                    "created_at": "2026-05-04T09:00:00+02:00",
                }
            ]
        }
    )

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
