"""Tables of the security machinery: the access log, refresh tokens, idempotency, throttling."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, Entity, enum_type, utcnow
from api.models.enums import AuditOutcome

BigId = BigInteger().with_variant(Integer, "sqlite")


class AuditEvent(Base):
    """One read or write of personal data, or a denied attempt. Append-only.

    ``seq`` orders the hash chain: ``hash`` covers the canonical form of this row and
    ``prev_hash``, so an edited or deleted row breaks the chain at that point. Only
    identifiers are stored here, never personal data.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_case_at", "case_id", "occurred_at"),
        Index("ix_audit_events_actor_at", "actor_user_id", "occurred_at"),
    )

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    id: Mapped[uuid.UUID] = mapped_column(unique=True, default=uuid.uuid4)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_user_id: Mapped[uuid.UUID | None]
    actor_client_id: Mapped[uuid.UUID | None]
    actor_organization_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    actor_roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    action: Mapped[str] = mapped_column(String(64))
    resource_type: Mapped[str] = mapped_column(String(40))
    resource_id: Mapped[uuid.UUID | None]
    case_id: Mapped[uuid.UUID | None]
    outcome: Mapped[AuditOutcome] = mapped_column(enum_type(AuditOutcome))
    legal_basis: Mapped[str | None] = mapped_column(String(64))
    consent_id: Mapped[uuid.UUID | None]
    request_id: Mapped[str | None] = mapped_column(String(64))
    client_address: Mapped[str | None] = mapped_column(String(64))
    channel: Mapped[str | None] = mapped_column(String(32))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditEventCase(Base):
    """A case that a list event (``audit_events`` row) showed, with the basis of the access.

    A page of 50 cases is one chained event and 50 of these rows, not 50 chained events: the
    event's hash covers the sorted list of its cases (``api/audit/chain.py``), so adding,
    removing or editing a row here breaks the event's hash. Append-only like the log.
    """

    __tablename__ = "audit_event_cases"
    __table_args__ = (Index("ix_audit_event_cases_case_seq", "case_id", "seq"),)

    seq: Mapped[int] = mapped_column(
        BigId, ForeignKey("audit_events.seq"), primary_key=True, autoincrement=False
    )
    case_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    legal_basis: Mapped[str | None] = mapped_column(String(64))
    consent_id: Mapped[uuid.UUID | None]


class RefreshToken(Entity, Base):
    """An opaque refresh token, stored as a hash; a family shares one login.

    Every use rotates the token; presenting a rotated one again revokes the whole family.
    """

    __tablename__ = "refresh_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    family_id: Mapped[uuid.UUID] = mapped_column(index=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    client_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("integration_clients.id"))
    expires_at: Mapped[datetime]
    rotated_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class IdempotencyKey(Base):
    """The stored first response to a POST, replayed when the same key and body come again."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("principal_key", "key"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    principal_key: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(255))
    method: Mapped[str] = mapped_column(String(8))
    path: Mapped[str] = mapped_column(String(512))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None]
    response_body: Mapped[str | None] = mapped_column(Text)
    response_headers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class LoginThrottle(Base):
    """Failed logins per login name or client id, known or not, so that throttling
    answers the same for a user who does not exist."""

    __tablename__ = "login_throttles"

    subject: Mapped[str] = mapped_column(String(128), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_started_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[datetime | None]
