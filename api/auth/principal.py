"""Who is calling: a person (password or single sign-on) or an integration client."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum

from api.models.enums import OrganizationKind, Role


class PrincipalKind(StrEnum):
    user = "user"
    client = "client"


class Scope(StrEnum):
    """Function-level permissions; each route declares the one it needs."""

    cases_read = "cases:read"
    cases_write = "cases:write"
    cases_assign = "cases:assign"
    proposals_create = "proposals:create"
    proposals_deidentified = "proposals:deidentified"
    directory_manage = "directory:manage"
    audit_read = "audit:read"
    stats_read = "stats:read"
    webhooks_manage = "webhooks:manage"
    profile = "profile"


@dataclass(frozen=True, slots=True)
class Principal:
    kind: PrincipalKind
    subject_id: uuid.UUID
    organization_id: uuid.UUID
    organization_kind: OrganizationKind
    roles: frozenset[Role]
    scopes: frozenset[Scope]
    unit_id: uuid.UUID | None = None
    token_id: str | None = None
    client_address: str | None = None
    channel: str = field(default="api")

    @property
    def user_id(self) -> uuid.UUID | None:
        return self.subject_id if self.kind is PrincipalKind.user else None

    @property
    def client_id(self) -> uuid.UUID | None:
        return self.subject_id if self.kind is PrincipalKind.client else None

    @property
    def key(self) -> str:
        """A stable key for per-principal state such as idempotency keys."""
        return f"{self.kind.value}:{self.subject_id}"

    def has_role(self, *roles: Role) -> bool:
        return not self.roles.isdisjoint(roles)
