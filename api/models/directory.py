"""The directory: organisations, users with their roles, and integration clients."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Base, Entity, enum_type
from api.models.enums import OrganizationKind, Role


class Organization(Entity, Base):
    """An agency or a unit of one; ``parent`` builds municipality -> unit trees."""

    __tablename__ = "organizations"

    name: Mapped[str]
    kind: Mapped[OrganizationKind] = mapped_column(enum_type(OrganizationKind))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    municipality_code: Mapped[str | None] = mapped_column(String(4))
    is_active: Mapped[bool] = mapped_column(default=True)


class User(Entity, Base):
    """A person who logs in. ``unit`` is the social-services unit whose cases they work on."""

    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str]
    email: Mapped[str | None]
    password_hash: Mapped[str | None]
    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"), index=True)
    unit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    # Tokens issued before this instant are refused: bumping it logs the user out everywhere.
    tokens_valid_after: Mapped[datetime | None]
    # Subject claim of the municipal identity provider, when single sign-on is configured.
    external_subject: Mapped[str | None] = mapped_column(unique=True)

    roles: Mapped[list[UserRole]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def role_set(self) -> frozenset[Role]:
        return frozenset(r.role for r in self.roles)


class UserRole(Base):
    """Roles are rows, so a query can find e.g. every unit manager of a unit."""

    __tablename__ = "user_roles"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(enum_type(Role), primary_key=True)


class IntegrationClient(Entity, Base):
    """A police or school system using client credentials, bound to one organisation."""

    __tablename__ = "integration_clients"
    __table_args__ = (UniqueConstraint("client_id"),)

    client_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str]
    secret_hash: Mapped[str]
    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"), index=True)
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_active: Mapped[bool] = mapped_column(default=True)
    tokens_valid_after: Mapped[datetime | None]
