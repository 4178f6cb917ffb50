"""Access-log read models."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from pydantic import ConfigDict, Field

from api.models.enums import AuditOutcome, OrganizationKind
from api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from api.schemas import InputSchema, IsoDateTime, Schema


class ListedCaseRead(Schema):
    """A case that a list event showed, and the basis on which it was shown."""

    case_id: uuid.UUID
    legal_basis: str | None = Field(default=None, examples=["consent"])
    consent_id: uuid.UUID | None = None


class AuditEventRead(Schema):
    """One access-log event, for auditors. Fields that do not apply (the actor is a user or a
    client, never both) are null and may be left out. A list (``cases:list``, ``me:tasks``)
    is one event naming every case it showed in ``cases``, each with its legal basis; its own
    ``case_id`` and ``legal_basis`` are then null."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "8e4a2b6c-1d3f-4a5b-9c7d-6e8f0a1b2c3d",
                    "seq": 1042,
                    "occurred_at": "2026-05-04T09:00:00+02:00",
                    "actor_user_id": "2e6d9b4f-5c7a-4d8e-8f9a-1b2c3d4e5f60",
                    "actor_client_id": None,
                    "actor_organization_id": "6a8c0e2f-4b6d-4f8a-9c1e-3d5f7a9b1c2d",
                    "actor_roles": ["professional"],
                    "action": "cases:get",
                    "resource_type": "case",
                    "resource_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "case_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "outcome": "allowed",
                    "legal_basis": "consent",
                    "consent_id": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
                    "request_id": "5f0c6b1e2d3a4c8b9e7f6a5d4c3b2a10",
                    "client_address": "192.0.2.10",
                    "channel": "web",
                    "hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                }
            ]
        }
    )

    id: uuid.UUID
    seq: int = Field(description="Position in the hash chain.")
    occurred_at: datetime
    actor_user_id: uuid.UUID | None = None
    actor_client_id: uuid.UUID | None = None
    actor_organization_id: uuid.UUID | None = None
    actor_roles: list[str]
    action: str = Field(examples=["cases:get"])
    resource_type: str
    resource_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None
    outcome: AuditOutcome
    legal_basis: str | None = None
    consent_id: uuid.UUID | None = None
    request_id: str | None = None
    client_address: str | None = None
    channel: str | None = None
    hash: str
    cases: list[ListedCaseRead] = Field(
        default_factory=list, description="The cases a list showed; empty for other events."
    )


@dataclass(frozen=True, slots=True)
class AuditFilter:
    case_id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    since: datetime | None = None
    until: datetime | None = None
    outcome: AuditOutcome | None = None


class AuditQuery(InputSchema):
    """Filters of the auditor's search; all optional, combined with AND."""

    case_id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    since: IsoDateTime | None = Field(default=None, description="From this instant (inclusive).")
    until: IsoDateTime | None = Field(default=None, description="Before this instant.")
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

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "occurred_at": "2026-05-04T09:00:00+02:00",
                    "organization_id": "6a8c0e2f-4b6d-4f8a-9c1e-3d5f7a9b1c2d",
                    "organization_name": "Polisen, lokalpolisområde Exempelstad",
                    "organization_kind": "police",
                    "roles": ["professional"],
                    "action": "cases:get",
                    "outcome": "allowed",
                    "channel": "web",
                }
            ]
        }
    )

    occurred_at: datetime
    organization_id: uuid.UUID | None
    organization_name: str | None
    organization_kind: OrganizationKind | None
    roles: list[str]
    action: str
    outcome: AuditOutcome
    channel: str | None
