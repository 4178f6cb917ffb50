"""Directory models: organisations, users, integration clients and information categories.

Shape rules live here (lengths, patterns, known enum values); the rules that need the
database (a unit is a social-services unit, a login name is free) live in the service.
Password hashes and client-secret hashes have no field in any read model.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import ConfigDict, Field, field_validator

from api.auth.principal import Scope
from api.cli import MIN_PASSWORD_LENGTH
from api.demo.accounts import USERNAME_MAX_LENGTH
from api.models.enums import OrganizationKind, Role
from api.schemas import InputSchema, Schema

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
USERNAME_PATTERN = r"^\S+$"
CLIENT_ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
MUNICIPALITY_CODE_PATTERN = r"^\d{4}$"
PASSWORD_MAX_LENGTH = 1024  # what the token endpoint accepts

_ORG_ID = "3f2c1b7e-5d4a-4c3b-9a8f-1e2d3c4b5a60"
_UNIT_ID = "8a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
_EXAMPLE_ORG: dict[str, Any] = {
    "id": _UNIT_ID,
    "name": "Socialtjänsten Exempelstad, Barn och unga Norr",
    "kind": "social_services",
    "parent_id": _ORG_ID,
    "municipality_code": "9999",
    "is_active": True,
    "created_at": "2026-05-04T09:00:00Z",
    "updated_at": "2026-05-04T09:00:00Z",
    "version": 1,
}
_EXAMPLE_USER: dict[str, Any] = {
    "id": "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e",
    "username": "hanna.handlaggare",
    "display_name": "Hanna Handläggare",
    "email": "hanna.handlaggare@exempelstad.example",
    "organization_id": _UNIT_ID,
    "unit_id": _UNIT_ID,
    "roles": ["case_officer"],
    "is_active": True,
    "created_at": "2026-05-04T09:00:00Z",
    "updated_at": "2026-05-04T09:00:00Z",
    "version": 1,
}
_EXAMPLE_CLIENT: dict[str, Any] = {
    "id": "0c1d2e3f-4a5b-4c6d-8e7f-8a9b0c1d2e3f",
    "client_id": "polisens-system",
    "name": "Polisens ärendesystem",
    "organization_id": "6e7f8a9b-0c1d-4e2f-9a3b-4c5d6e7f8a9b",
    "scopes": ["cases:read", "webhooks:manage"],
    "is_active": True,
    "created_at": "2026-05-04T09:00:00Z",
    "updated_at": "2026-05-04T09:00:00Z",
    "version": 1,
}


def _unique(values: list[Any] | None, what: str) -> list[Any] | None:
    if values is not None and len(set(values)) != len(values):
        raise ValueError(f"each {what} may be listed once")
    return values


# --- Organisations ----------------------------------------------------------------------------


class OrganizationCreate(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Socialtjänsten Exempelstad, Barn och unga Norr",
                    "kind": "social_services",
                    "parent_id": _ORG_ID,
                    "municipality_code": "9999",
                }
            ]
        }
    )

    name: str = Field(min_length=1, max_length=200)
    kind: OrganizationKind
    parent_id: uuid.UUID | None = Field(
        default=None, description="The organisation this one is part of (a unit's municipality)."
    )
    municipality_code: str | None = Field(
        default=None, pattern=MUNICIPALITY_CODE_PATTERN, description="Kommunkod, four digits."
    )


class OrganizationUpdate(InputSchema):
    """Rename, move, recode or deactivate; an inactive organisation is no longer offered."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"name": "Fältgruppen Exempelstad", "is_active": False}]}
    )

    name: str | None = Field(default=None, min_length=1, max_length=200)
    kind: OrganizationKind | None = None
    parent_id: uuid.UUID | None = None
    municipality_code: str | None = Field(default=None, pattern=MUNICIPALITY_CODE_PATTERN)
    is_active: bool | None = None


class OrganizationRead(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE_ORG]})

    id: uuid.UUID
    name: str
    kind: OrganizationKind
    parent_id: uuid.UUID | None = None
    municipality_code: str | None = None
    is_active: bool
    created_at: datetime
    updated_at: datetime
    version: int


# --- Users ------------------------------------------------------------------------------------

Password = Field(
    min_length=MIN_PASSWORD_LENGTH,
    max_length=PASSWORD_MAX_LENGTH,
    description=f"At least {MIN_PASSWORD_LENGTH} characters. Never shown again.",
)
Roles = Field(
    min_length=1,
    max_length=len(Role),
    description="Unit managers, case officers and coordinators need a social-services unit.",
)


class UserCreate(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "username": "hanna.handlaggare",
                    "display_name": "Hanna Handläggare",
                    "email": "hanna.handlaggare@exempelstad.example",
                    "organization_id": _UNIT_ID,
                    "unit_id": _UNIT_ID,
                    "roles": ["case_officer"],
                    "password": "byt-mig-vid-forsta-inloggning",
                }
            ]
        }
    )

    username: str = Field(
        min_length=1,
        max_length=USERNAME_MAX_LENGTH,
        pattern=USERNAME_PATTERN,
        description="Login name, without spaces; stored in lower case (logins ignore case).",
    )
    display_name: str = Field(min_length=1, max_length=200)
    email: str | None = Field(default=None, max_length=254, pattern=EMAIL_PATTERN)
    organization_id: uuid.UUID
    unit_id: uuid.UUID | None = Field(
        default=None, description="The social-services unit whose cases the user works on."
    )
    roles: list[Role] = Roles
    password: str = Password

    @field_validator("roles")
    @classmethod
    def _unique_roles(cls, values: list[Role]) -> list[Role]:
        return _unique(values, "role") or []


class UserUpdate(InputSchema):
    """Deactivating (``is_active: false``) ends every session of the user at once."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"display_name": "Hanna Handläggare", "roles": ["coordinator"]}]
        }
    )

    display_name: str | None = Field(default=None, min_length=1, max_length=200)
    email: str | None = Field(default=None, max_length=254, pattern=EMAIL_PATTERN)
    unit_id: uuid.UUID | None = None
    roles: list[Role] | None = Field(default=None, min_length=1, max_length=len(Role))
    is_active: bool | None = None

    @field_validator("roles")
    @classmethod
    def _unique_roles(cls, values: list[Role] | None) -> list[Role] | None:
        return _unique(values, "role")


class PasswordReset(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"password": "nytt-tillfalligt-losenord"}]}
    )

    password: str = Password


class UserRead(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE_USER]})

    id: uuid.UUID
    username: str
    display_name: str
    email: str | None = None
    organization_id: uuid.UUID
    unit_id: uuid.UUID | None = None
    roles: list[Role] = Field(description="Sorted.")
    is_active: bool
    created_at: datetime
    updated_at: datetime
    version: int


# --- Integration clients ----------------------------------------------------------------------

ClientScopes = Field(
    min_length=1,
    max_length=len(Scope),
    description="What the client may do: cases:read, cases:write, proposals:create, "
    "stats:read, webhooks:manage.",
)


class ClientCreate(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "client_id": "polisens-system",
                    "name": "Polisens ärendesystem",
                    "organization_id": _EXAMPLE_CLIENT["organization_id"],
                    "scopes": ["cases:read", "webhooks:manage"],
                }
            ]
        }
    )

    client_id: str = Field(
        min_length=3,
        max_length=64,
        pattern=CLIENT_ID_PATTERN,
        description="The login of the client credentials grant: lower case, digits, . _ -",
    )
    name: str = Field(min_length=1, max_length=200)
    organization_id: uuid.UUID = Field(description="The organisation the client acts for.")
    scopes: list[Scope] = ClientScopes

    @field_validator("scopes")
    @classmethod
    def _unique_scopes(cls, values: list[Scope]) -> list[Scope]:
        return _unique(values, "scope") or []


class ClientUpdate(InputSchema):
    """Deactivating a client ends its tokens at once; narrowing its scopes too."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"scopes": ["cases:read"], "is_active": True}]}
    )

    name: str | None = Field(default=None, min_length=1, max_length=200)
    scopes: list[Scope] | None = Field(default=None, min_length=1, max_length=len(Scope))
    is_active: bool | None = None

    @field_validator("scopes")
    @classmethod
    def _unique_scopes(cls, values: list[Scope] | None) -> list[Scope] | None:
        return _unique(values, "scope")


class ClientRead(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE_CLIENT]})

    id: uuid.UUID
    client_id: str
    name: str
    organization_id: uuid.UUID
    scopes: list[str]
    is_active: bool
    created_at: datetime
    updated_at: datetime
    version: int


class ClientWithSecret(ClientRead):
    """The secret is shown here only: when the client is made or its secret rotated."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {**_EXAMPLE_CLIENT, "client_secret": "nQ3k1s9Hf0vX2bYp7LmA4eRt6uWz8cJd5gKo1iSa0yE"}
            ]
        }
    )

    client_secret: str = Field(
        description="Send it with `client_id` to the token endpoint (client_credentials). "
        "It is stored only as a hash and cannot be shown again; rotate it if it is lost."
    )


# --- Information categories -------------------------------------------------------------------


class CategoryRead(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "school",
                    "name_sv": "Skolgång och studieresultat",
                    "name_en": "School attendance and results",
                    "is_social_services": False,
                    "is_active": True,
                    "sort_order": 10,
                }
            ]
        }
    )

    code: str
    name_sv: str
    name_en: str
    is_social_services: bool = Field(
        description="Social services' own category, read by the unit's staff without consent."
    )
    is_active: bool
    sort_order: int
