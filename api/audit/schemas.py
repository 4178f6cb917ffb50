"""Access-log read models."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from api.models.enums import AuditOutcome, OrganizationKind
from api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from api.schemas import Schema


class AuditEventRead(Schema):
    """One access-log event, for auditors."""

    id: uuid.UUID
    seq: int = Field(description="Position in the hash chain.")
    occurred_at: datetime
    actor_user_id: uuid.UUID | None
    actor_client_id: uuid.UUID | None
    actor_organization_id: uuid.UUID | None
    actor_roles: list[str]
    action: str = Field(examples=["cases:get"])
    resource_type: str
    resource_id: uuid.UUID | None
    case_id: uuid.UUID | None
    outcome: AuditOutcome
    legal_basis: str | None
    consent_id: uuid.UUID | None
    request_id: str | None
    client_address: str | None
    channel: str | None
    hash: str


@dataclass(frozen=True, slots=True)
class AuditFilter:
    case_id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    since: datetime | None = None
    until: datetime | None = None
    outcome: AuditOutcome | None = None


class AuditQuery(BaseModel):
    """Filters of the auditor's search; all optional, combined with AND."""

    model_config = ConfigDict(extra="forbid")

    case_id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    since: datetime | None = Field(default=None, description="From this instant (inclusive).")
    until: datetime | None = Field(default=None, description="Before this instant.")
    outcome: AuditOutcome | None = None
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(default=None, max_length=512)

    def as_filter(self) -> AuditFilter:
        return AuditFilter(
            self.case_id, self.user_id, self.organization_id, self.since, self.until, self.outcome
        )


class CaseAccessRead(Schema):
    """Who read or changed a case, for the young person's right of access: organisations and
    roles, not the individual staff member."""

    occurred_at: datetime
    organization_id: uuid.UUID | None
    organization_name: str | None
    organization_kind: OrganizationKind | None
    roles: list[str]
    action: str
    outcome: AuditOutcome
    channel: str | None
