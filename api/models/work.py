"""What the group does: risk assessments, the action plan, network meetings and the journal."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, Entity, enum_type
from api.models.enums import (
    AttendanceStatus,
    Instrument,
    JournalKind,
    MeetingKind,
    MeetingStatus,
    PlanItemStatus,
    PlanStatus,
    RiskLevel,
)

CategoryCode = String(40)


class Assessment(Entity, Base):
    """A structured risk assessment (SAVRY or ESTER), repeated to measure change."""

    __tablename__ = "assessments"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    instrument: Mapped[Instrument] = mapped_column(enum_type(Instrument))
    category_code: Mapped[str] = mapped_column(
        CategoryCode, ForeignKey("information_categories.code")
    )
    assessed_at: Mapped[datetime]
    assessed_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    overall_risk: Mapped[RiskLevel] = mapped_column(enum_type(RiskLevel))
    summary: Mapped[str | None] = mapped_column(Text)


class AssessmentRating(Base):
    """One rated item: a risk item (low/moderate/high) or a protective factor (present/absent)."""

    __tablename__ = "assessment_ratings"

    assessment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assessments.id"), primary_key=True)
    item_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    rating: Mapped[str] = mapped_column(String(16))


class ActionPlanVersion(Entity, Base):
    """One version of the action plan: the single draft, or frozen published version N."""

    __tablename__ = "action_plan_versions"
    __table_args__ = (UniqueConstraint("case_id", "number"),)

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    number: Mapped[int | None]
    status: Mapped[PlanStatus] = mapped_column(enum_type(PlanStatus), default=PlanStatus.draft)
    published_at: Mapped[datetime | None]
    published_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("meetings.id"))


class ActionPlanItem(Entity, Base):
    """What is to be done, by whom, by when, and how completion is shown (DOMAIN.md)."""

    __tablename__ = "action_plan_items"
    __table_args__ = (Index("ix_action_plan_items_member_due", "responsible_member_id", "due_on"),)

    plan_version_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("action_plan_versions.id"), index=True
    )
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)
    plain_text: Mapped[str] = mapped_column(Text)
    responsible_member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case_members.id"))
    due_on: Mapped[date | None]
    status: Mapped[PlanItemStatus] = mapped_column(
        enum_type(PlanItemStatus), default=PlanItemStatus.planned
    )
    category_code: Mapped[str] = mapped_column(
        CategoryCode, ForeignKey("information_categories.code")
    )
    completion_evidence: Mapped[str | None] = mapped_column(Text)
    fallback_action: Mapped[str | None] = mapped_column(Text)
    follow_up_notes: Mapped[str | None] = mapped_column(Text)
    # The item in the previous version this one continues; lets versions be compared.
    carried_from_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("action_plan_items.id"))


class Meeting(Entity, Base):
    """A network, intake, extra or preparation meeting; ``sequence`` feeds iCalendar."""

    __tablename__ = "meetings"
    __table_args__ = (
        Index("ix_meetings_case_starts", "case_id", "starts_at"),
        # The meeting-cadence flag: the last held and the next booked meeting of a case.
        Index("ix_meetings_case_status_starts", "case_id", "status", "starts_at"),
        # The same flag over a whole population (the statistics): every held or booked
        # network meeting in a time range, read from the index alone.
        Index("ix_meetings_status_kind_starts", "status", "kind", "starts_at", "case_id"),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"))
    kind: Mapped[MeetingKind] = mapped_column(enum_type(MeetingKind))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    location: Mapped[str | None]
    status: Mapped[MeetingStatus] = mapped_column(
        enum_type(MeetingStatus), default=MeetingStatus.scheduled
    )
    minutes: Mapped[str | None] = mapped_column(Text)
    sequence: Mapped[int] = mapped_column(default=0)


class MeetingAttendance(Entity, Base):
    __tablename__ = "meeting_attendances"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meetings.id"), index=True)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case_members.id"), index=True)
    status: Mapped[AttendanceStatus] = mapped_column(
        enum_type(AttendanceStatus), default=AttendanceStatus.invited
    )


class JournalEntry(Entity, Base):
    """A journal entry; its category decides who may read it under the consent."""

    __tablename__ = "journal_entries"
    __table_args__ = (Index("ix_journal_entries_case_occurred", "case_id", "occurred_at"),)

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"))
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    author_client_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("integration_clients.id"))
    author_organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"))
    category_code: Mapped[str] = mapped_column(
        CategoryCode, ForeignKey("information_categories.code")
    )
    kind: Mapped[JournalKind] = mapped_column(enum_type(JournalKind))
    occurred_at: Mapped[datetime]
    body: Mapped[str] = mapped_column(Text)
