"""A case (ärende): from proposal to closure, around one young person."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Base, Entity, enum_type
from api.models.enums import (
    CaseStatus,
    ClosureReason,
    GroupRole,
    LegalBasis,
    MemberKind,
    OrganizationKind,
    TargetGroup,
)
from api.models.people import Person


class Case(Entity, Base):
    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_unit_status", "owning_unit_id", "status"),
        # Every case list is newest-changed first: walked in this order, it stops at the page.
        Index("ix_cases_updated", "updated_at", "id"),
    )

    # A short human reference (e.g. SIG-2026-0007) for calendars and letters: never a name.
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    young_person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), index=True)
    status: Mapped[CaseStatus] = mapped_column(enum_type(CaseStatus), default=CaseStatus.proposed)
    target_group: Mapped[TargetGroup] = mapped_column(enum_type(TargetGroup))
    owning_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"))
    case_officer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    coordinator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)

    # The proposal (förslag); the proposer sees only its status.
    proposed_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    proposed_by_organization_kind: Mapped[OrganizationKind] = mapped_column(
        enum_type(OrganizationKind)
    )
    proposal_reason: Mapped[str | None] = mapped_column(Text)
    # De-identified risk picture for the preparation group: no name, number or address.
    risk_summary: Mapped[str | None] = mapped_column(Text)

    assessed_at: Mapped[datetime | None]
    legal_basis: Mapped[LegalBasis | None] = mapped_column(enum_type(LegalBasis))
    decided_on: Mapped[date | None]
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    activated_at: Mapped[datetime | None]
    intervention_start_on: Mapped[date | None]
    intervention_end_on: Mapped[date | None]
    youth_goals: Mapped[str | None] = mapped_column(Text)
    guardian_goals: Mapped[str | None] = mapped_column(Text)

    closed_at: Mapped[datetime | None]
    closure_reason: Mapped[ClosureReason | None] = mapped_column(enum_type(ClosureReason))
    closure_summary: Mapped[str | None] = mapped_column(Text)
    rejected_at: Mapped[datetime | None]
    rejection_reason: Mapped[str | None] = mapped_column(Text)

    # raise_on_sql: load explicitly (a join, or the identity map), never lazily per row.
    young_person: Mapped[Person] = relationship(lazy="raise_on_sql")


class CaseMember(Entity, Base):
    """A membership of the group around the young person; leaving keeps the row as history.

    A member is a directory user, a person (the young person or a guardian), or an external
    contact known only by name, e.g. a sports coach.
    """

    __tablename__ = "case_members"
    __table_args__ = (
        Index("ix_case_members_user_current", "user_id", "left_at"),
        Index("ix_case_members_org_current", "organization_id", "left_at"),
        # The access filter's probe "is this user in this case's group now", index only.
        Index("ix_case_members_case_user", "case_id", "user_id", "left_at"),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"))
    kind: Mapped[MemberKind] = mapped_column(enum_type(MemberKind))
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("persons.id"))
    external_name: Mapped[str | None]
    external_contact: Mapped[str | None]
    organization_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organizations.id"))
    group_role: Mapped[GroupRole] = mapped_column(enum_type(GroupRole))
    joined_at: Mapped[datetime]
    left_at: Mapped[datetime | None]
    left_reason: Mapped[str | None]
