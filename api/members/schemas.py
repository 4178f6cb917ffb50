"""Member read and write models.

A member is one of three kinds (``kind`` picks the body's shape): a directory user, a person
(the case's young person or a guardian) or an external contact known only by name.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StringConstraints

from api.models.enums import GroupRole, MemberKind, OrganizationKind
from api.schemas import InputSchema, IsoDate, Schema

Text255 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]

# Example (synthetic): the school's representative in the group.
_EXAMPLE_READ: dict[str, Any] = {
    "id": "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
    "kind": "user",
    "user_id": "4c6e8a0b-2d4f-4b6c-9e8a-0c2e4a6b8d0f",
    "person_id": None,
    "display_name": "Testa Lärarsson",
    "external_contact": None,
    "organization_id": "8d0f2a4c-6e8b-4d1f-a3c5-e7f9b1d3f5a7",
    "organization_kind": "school",
    "group_role": "school",
    "joined_at": "2026-05-04T09:00:00+02:00",
    "left_at": None,
    "left_reason": None,
}


class UserMemberCreate(InputSchema):
    """A directory user; the organisation is the user's own."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "user",
                    "user_id": "4c6e8a0b-2d4f-4b6c-9e8a-0c2e4a6b8d0f",
                    "group_role": "school",
                }
            ]
        }
    )

    kind: Literal["user"]
    user_id: uuid.UUID
    group_role: GroupRole = Field(examples=["police"])


class ExternalMemberCreate(InputSchema):
    """Someone outside the directory, e.g. a sports coach."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "external",
                    "external_name": "Tränare Testsson, Exempelstads IF",
                    "external_contact": "070-1740605",
                    "group_role": "coach",
                }
            ]
        }
    )

    kind: Literal["external"]
    external_name: Text255
    external_contact: Text255 | None = Field(default=None, examples=["070-1740605"])
    organization_id: uuid.UUID | None = None
    group_role: GroupRole = Field(examples=["coach"])


class PersonMemberCreate(InputSchema):
    """The case's young person, or a guardian (created, or found by personal number)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "person",
                    "group_role": "guardian",
                    "given_name": "Tolvan",
                    "family_name": "Testsson",
                    "birth_date": "1981-03-14",
                },
                {"kind": "person", "group_role": "young_person"},
            ]
        }
    )

    kind: Literal["person"]
    group_role: Literal["young_person", "guardian"]
    given_name: Text255 | None = Field(default=None, description="Guardian only.")
    family_name: Text255 | None = Field(default=None, description="Guardian only.")
    birth_date: IsoDate | None = Field(
        default=None, description="Guardian only; required without a personal number."
    )
    personal_number: str | None = Field(
        default=None, max_length=20, description="Guardian only; personnummer if known."
    )


MemberCreate = Annotated[
    UserMemberCreate | ExternalMemberCreate | PersonMemberCreate, Field(discriminator="kind")
]


class MemberLeave(InputSchema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"reason": "Bytt skola"}]})

    reason: Text255 | None = Field(default=None, examples=["Bytt skola"])


class MemberRead(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                _EXAMPLE_READ
                | {"left_at": "2026-06-12T16:00:00+02:00", "left_reason": "Bytt skola"}
            ]
        }
    )

    id: uuid.UUID
    kind: MemberKind
    user_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = Field(
        default=None, description="A guardian's is shown to social-services staff only."
    )
    display_name: str | None = Field(
        default=None, description="A guardian's name is shown to social-services staff only."
    )
    external_contact: str | None = None
    organization_id: uuid.UUID | None = None
    organization_kind: OrganizationKind | None = None
    group_role: GroupRole
    joined_at: datetime
    left_at: datetime | None = None
    left_reason: str | None = None


class MemberAdded(MemberRead):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                _EXAMPLE_READ
                | {
                    "warnings": [
                        "The group has no current member from the police; consider adding one."
                    ]
                }
            ]
        }
    )

    warnings: list[str] = Field(
        default_factory=list,
        description="What the group still lacks, e.g. no police or school member.",
    )
