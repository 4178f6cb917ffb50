"""Integrations (issue #6): the transactional outbox of domain events, webhook subscriptions
and their deliveries, the notices of the scheduled checks, calendar feed tokens and e-mail.

None of these tables holds personal data: events and deliveries carry ids, type codes and
numbers only; a receiver fetches the content with its own token, under the consent rules.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, Entity, enum_type, utcnow
from api.models.enums import DeliveryStatus, EmailStatus, EventType

AutoId = BigInteger().with_variant(Integer, "sqlite")  # an INTEGER PRIMARY KEY on SQLite


class OutboxEvent(Base):
    """A domain change, written in the same transaction as the change itself.

    ``seq`` gives the order of delivery. The organisations to tell are fixed when the change
    happens: those that reach the case afterwards, plus those that just lost access by it
    (a withdrawn consent is told to the organisations it cut off).
    """

    __tablename__ = "outbox_events"

    seq: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    id: Mapped[uuid.UUID] = mapped_column(unique=True, default=uuid.uuid4)
    type: Mapped[EventType] = mapped_column(enum_type(EventType))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    subject_type: Mapped[str] = mapped_column(String(40))  # "case", "consent", "meeting", ...
    subject_id: Mapped[uuid.UUID]
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # ids, codes, numbers
    reaching_organization_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    lost_organization_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    dispatched_at: Mapped[datetime | None] = mapped_column(index=True)


class WebhookSubscription(Entity, Base):
    """An endpoint of an organisation's system and the event types it wants.

    The signing secret is stored encrypted (api/webhooks/secrets.py); it is shown once, when
    the subscription is made or its secret rotated. ``lease_until`` marks a worker delivering
    to it, so one subscription's events go out one at a time, in order.
    """

    __tablename__ = "webhook_subscriptions"

    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"), index=True)
    created_by_client_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("integration_clients.id")
    )
    url: Mapped[str] = mapped_column(String(2048))
    description: Mapped[str | None] = mapped_column(String(200))
    event_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    secret_ciphertext: Mapped[str] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(default=True)
    lease_until: Mapped[datetime | None]


class WebhookDelivery(Base):
    """One event for one subscription; ``seq`` orders a subscription's deliveries."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("subscription_id", "event_id"),
        Index("ix_webhook_deliveries_queue", "subscription_id", "status", "seq"),
    )

    seq: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    id: Mapped[uuid.UUID] = mapped_column(unique=True, default=uuid.uuid4)
    subscription_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_subscriptions.id", ondelete="CASCADE")
    )
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("outbox_events.id"), index=True)
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_type(DeliveryStatus), default=DeliveryStatus.pending
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_attempt_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(String(200))
    # The organisation is told that it lost access; access is not checked again at sending.
    informs_lost_access: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookAttempt(Base):
    """One try at sending a delivery, shown to the client with the delivery."""

    __tablename__ = "webhook_attempts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    delivery_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)
    status_code: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(String(200))
    duration_ms: Mapped[int] = mapped_column(default=0)


class ScheduledNotice(Base):
    """A time-driven finding (consent expiring, meeting overdue, plan item overdue), raised
    once per occurrence: the unique key makes a second run of the check a no-op."""

    __tablename__ = "scheduled_notices"
    __table_args__ = (UniqueConstraint("kind", "subject_id", "occurrence"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    kind: Mapped[EventType] = mapped_column(enum_type(EventType))
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    subject_id: Mapped[uuid.UUID]  # the consent, the case or the plan item
    occurrence: Mapped[str] = mapped_column(String(40))  # e.g. the date that was passed
    # The plan item's information category, so My work shows it only where consent allows.
    category_code: Mapped[str | None] = mapped_column(
        String(40), ForeignKey("information_categories.code")
    )
    event_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("outbox_events.id"))
    raised_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class CalendarFeedToken(Base):
    """A revocable secret in a personal calendar feed URL, stored as its SHA-256 hash.

    Calendar apps cannot send an access token, and feed URLs leak (shared calendars, logs),
    so the token opens that one feed and nothing else."""

    __tablename__ = "calendar_feed_tokens"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]


class EmailMessage(Base):
    """A notification mail owed to a user for an event (optional SMTP channel). The address
    and the text are made when it is sent, so nothing personal is copied here."""

    __tablename__ = "email_messages"
    __table_args__ = (UniqueConstraint("event_id", "user_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("outbox_events.id"), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    status: Mapped[EmailStatus] = mapped_column(enum_type(EmailStatus), default=EmailStatus.pending)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
