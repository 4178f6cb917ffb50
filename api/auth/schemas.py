"""Token endpoint and profile schemas."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

from api.auth.principal import PrincipalKind
from api.models.enums import OrganizationKind, Role


class TokenRequest(BaseModel):
    """RFC 6749 token request (form-encoded). Client credentials may come as HTTP Basic."""

    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={
            "examples": [
                {
                    "grant_type": "password",
                    "username": "testa.testsson",
                    "password": "exempel-losenord-123",
                    "client_id": "samverka-web",
                    "scope": "cases:read cases:write profile",
                },
                {"grant_type": "refresh_token", "refresh_token": "rt_exempel_0000000000000000"},
            ]
        },
    )

    grant_type: str = Field(max_length=64, examples=["password"])
    username: str | None = Field(default=None, max_length=64)
    password: str | None = Field(default=None, max_length=1024)
    client_id: str | None = Field(default=None, max_length=64)
    client_secret: str | None = Field(default=None, max_length=1024)
    refresh_token: str | None = Field(default=None, max_length=512)
    scope: str | None = Field(default=None, max_length=1024)


class TokenResponse(BaseModel):
    """RFC 6749 §5.1 access token response."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "access_token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJleGVtcGVsIn0.c2lnbmF0dXI",
                    "token_type": "Bearer",
                    "expires_in": 600,
                    "refresh_token": "rt_exempel_0000000000000000",
                    "scope": "cases:read cases:write profile",
                }
            ]
        }
    )

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

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "user",
                    "id": "1d5c8a3e-4b6f-4c7d-9e8f-0a1b2c3d4e5f",
                    "username": "testa.testsson",
                    "display_name": "Testa Testsson",
                    "organization": {
                        "id": "5e7a9c1b-3d5f-4a7b-8c9d-0e1f2a3b4c5d",
                        "name": "Exempelstads kommun, socialtjänsten",
                        "kind": "social_services",
                    },
                    "unit": {
                        "id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                        "name": "Ungdomsenheten",
                        "kind": "social_services",
                    },
                    "roles": ["case_officer"],
                    "scopes": ["cases:read", "cases:write", "cases:assign", "profile"],
                }
            ]
        }
    )

    kind: PrincipalKind
    id: uuid.UUID
    username: str | None = Field(default=None, description="Login name of a person.")
    display_name: str
    organization: OrganizationRef
    unit: OrganizationRef | None = None
    roles: list[Role]
    scopes: list[str]


class RevokeRequest(BaseModel):
    """RFC 7009 revocation request (form-encoded)."""

    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={"examples": [{"token": "kQ3v9xZ2m8R1bT7wY4pL0sN6cJ5hF2aD9eG3uK8iO1q"}]},
    )

    token: str = Field(max_length=512, description="The refresh token to revoke.")
    token_type_hint: str | None = Field(default=None, max_length=32)


class JwkSet(BaseModel):
    """The public keys that verify access tokens (RFC 7517)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "keys": [
                        {
                            "kty": "RSA",
                            "use": "sig",
                            "alg": "RS256",
                            "kid": "Jw8yV3p0mQ2tX7rZ5cL1nB9kH4dF6sA0gE2uI8oY3wU",
                            "n": "u1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0_Iz",
                            "e": "AQAB",
                        }
                    ]
                }
            ]
        }
    )

    keys: list[dict[str, str]]
