"""Token endpoint and profile schemas."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

from api.auth.principal import PrincipalKind
from api.models.enums import OrganizationKind, Role


class TokenRequest(BaseModel):
    """RFC 6749 token request (form-encoded). Client credentials may come as HTTP Basic."""

    model_config = ConfigDict(extra="ignore")

    grant_type: str = Field(max_length=64, examples=["password"])
    username: str | None = Field(default=None, max_length=64)
    password: str | None = Field(default=None, max_length=1024)
    client_id: str | None = Field(default=None, max_length=64)
    client_secret: str | None = Field(default=None, max_length=1024)
    refresh_token: str | None = Field(default=None, max_length=512)
    scope: str | None = Field(default=None, max_length=1024)


class TokenResponse(BaseModel):
    """RFC 6749 §5.1 access token response."""

    access_token: str
    token_type: str = Field(default="Bearer", examples=["Bearer"])
    expires_in: int = Field(description="Seconds until the access token expires.", examples=[600])
    refresh_token: str | None = Field(
        default=None, description="Rotated on every use; absent for client credentials."
    )
    scope: str = Field(description="Granted scopes, space-separated.", examples=["cases:read"])


class OrganizationRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    kind: OrganizationKind


class Me(BaseModel):
    """Who the caller is, with the roles and scopes in force right now."""

    kind: PrincipalKind
    id: uuid.UUID
    username: str | None = Field(default=None, description="Login name of a person.")
    display_name: str
    organization: OrganizationRef
    unit: OrganizationRef | None = None
    roles: list[Role]
    scopes: list[str]
