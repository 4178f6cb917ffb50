"""Written consent to exchange information (OSL 10 kap. 1 §): the legal ground of the work.

A consent is never widened in place; a change is a new consent. Its status (active, expired,
withdrawn, not yet valid) is computed from the dates, never stored.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Base, Entity, enum_type
from api.models.enums import GrantorRelation


class Consent(Entity, Base):
    __tablename__ = "consents"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    valid_from: Mapped[date]
    valid_until: Mapped[date]
    collected_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    collected_by_organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"))
    document_reference: Mapped[str | None]
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by_person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("persons.id"))
    withdrawal_recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)

    grantors: Mapped[list[ConsentGrantor]] = relationship(lazy="raise")
    organizations: Mapped[list[ConsentOrganization]] = relationship(lazy="raise")
    categories: Mapped[list[ConsentCategory]] = relationship(lazy="raise")


class ConsentGrantor(Base):
    """Someone who signed: the young person, or a guardian when the young person is under 18."""

    __tablename__ = "consent_grantors"

    consent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("consents.id"), primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), primary_key=True)
    relation: Mapped[GrantorRelation] = mapped_column(enum_type(GrantorRelation))
    signed_on: Mapped[date]


class ConsentOrganization(Base):
    """An organisation the consent lets take part in the exchange."""

    __tablename__ = "consent_organizations"

    consent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("consents.id"), primary_key=True)
    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id"), primary_key=True, index=True
    )


class ConsentCategory(Base):
    """A kind of information the consent lets be exchanged."""

    __tablename__ = "consent_categories"

    consent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("consents.id"), primary_key=True)
    category_code: Mapped[str] = mapped_column(
        String(40), ForeignKey("information_categories.code"), primary_key=True
    )
