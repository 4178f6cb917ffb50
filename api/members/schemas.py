"""Member read and write models.

A member is one of three kinds (``kind`` picks the body's shape): a directory user, a person
(the case's young person or a guardian) or an external contact known only by name.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from api.models.enums import GroupRole, MemberKind, OrganizationKind
from api.schemas import InputSchema, Schema

Text255 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]


class UserMemberCreate(InputSchema):
    """A directory user; the organisation is the user's own."""

    kind: Literal["user"]
    user_id: uuid.UUID
    group_role: GroupRole = Field(examples=["police"])


class ExternalMemberCreate(InputSchema):
    """Someone outside the directory, e.g. a sports coach."""

    kind: Literal["external"]
    external_name: Text255
    external_contact: Text255 | None = Field(default=None, examples=["070-1740605"])
    organization_id: uuid.UUID | None = None
    group_role: GroupRole = Field(examples=["coach"])


class PersonMemberCreate(InputSchema):
    """The case's young person, or a guardian (created, or found by personal number)."""

    kind: Literal["person"]
    group_role: Literal["young_person", "guardian"]
    given_name: Text255 | None = Field(default=None, description="Guardian only.")
    family_name: Text255 | None = Field(default=None, description="Guardian only.")
    birth_date: date | None = Field(
        default=None, description="Guardian only; required without a personal number."
    )
    personal_number: str | None = Field(
        default=None, max_length=20, description="Guardian only; personnummer if known."
    )


MemberCreate = Annotated[
    UserMemberCreate | ExternalMemberCreate | PersonMemberCreate, Field(discriminator="kind")
]


class MemberLeave(InputSchema):
    reason: Text255 | None = Field(default=None, examples=["Bytt skola"])


class MemberRead(Schema):
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
    warnings: list[str] = Field(
        default_factory=list,
        description="What the group still lacks, e.g. no police or school member.",
    )
