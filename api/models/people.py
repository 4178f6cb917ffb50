"""Persons the work is about: the young person and the guardians."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, Entity, enum_type
from api.models.enums import IdentityKind


class Person(Entity, Base):
    """A young person or a guardian.

    ``personal_number`` is normalised to 12 digits and unique when present; a person whose
    number is unknown is stored with ``identity_kind = unverified`` and a birth date.
    """

    __tablename__ = "persons"

    identity_kind: Mapped[IdentityKind] = mapped_column(enum_type(IdentityKind))
    personal_number: Mapped[str | None] = mapped_column(String(12), unique=True)
    given_name: Mapped[str]
    family_name: Mapped[str]
    birth_date: Mapped[date]
    address: Mapped[str | None]
    # District or area (stadsdel): shown to the preparation group instead of an address.
    area: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(40))
    has_protected_identity: Mapped[bool] = mapped_column(default=False)


class Guardianship(Entity, Base):
    """A guardian (vårdnadshavare) of a child."""

    __tablename__ = "guardianships"
    __table_args__ = (UniqueConstraint("child_id", "guardian_id"),)

    child_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), index=True)
    guardian_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), index=True)
