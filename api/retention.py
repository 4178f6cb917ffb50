"""Housekeeping: what the platform keeps only for a while, removed by ``samverka worker``.

- **Idempotency keys** past their lifetime. Each holds the first response to a POST, so a
  copy of personal data (a new case's young person, a journal entry) would otherwise outlive
  the 24 hours it is kept for, and any later change or removal of the original.
- **Finished webhook deliveries and sent e-mail** older than
  ``SAMVERKA_DELIVERY_RETENTION_DAYS``: delivered or suppressed deliveries (with their
  attempts) and sent messages. Pending, dead-lettered (replayable) and failed ones stay.
- **Outbox events** dispatched that long ago that nothing refers to any more: no delivery,
  no message, no scheduled notice (My work shows notices with their event).

The access log is not touched: it is append-only and kept whole. Each kind is removed in
batches of at most ``BATCH`` rows per run, so a first run over a long history stays a short
transaction; the rest goes in the next runs.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, delete, exists, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from api.config import Settings
from api.models import (
    EmailMessage,
    IdempotencyKey,
    OutboxEvent,
    ScheduledNotice,
    WebhookAttempt,
    WebhookDelivery,
)
from api.models.enums import DeliveryStatus, EmailStatus

BATCH = 1000


def _delete_batch(
    session: Session,
    key: InstrumentedAttribute[Any],
    where: ColumnElement[bool],
    *children: InstrumentedAttribute[Any],
) -> int:
    """Delete at most ``BATCH`` rows of ``key``'s table that match, after the rows of
    ``children`` (foreign keys to ``key``) that refer to them: SQLite enforces no ON DELETE
    CASCADE without a pragma. Returns how many went."""
    keys = list(session.scalars(select(key).where(where).limit(BATCH)))
    if keys:
        for child in children:
            session.execute(delete(child.class_).where(child.in_(keys)))
        session.execute(delete(key.class_).where(key.in_(keys)))
    return len(keys)


def purge(session: Session, now: datetime, settings: Settings) -> dict[str, int]:
    """One run of the housekeeping; how many rows of each kind went."""
    before = now - timedelta(days=settings.delivery_retention_days)
    keys = _delete_batch(session, IdempotencyKey.id, IdempotencyKey.expires_at <= now)
    finished = WebhookDelivery.status.in_([DeliveryStatus.delivered, DeliveryStatus.suppressed])
    deliveries = _delete_batch(
        session,
        WebhookDelivery.id,
        finished & (WebhookDelivery.created_at < before),
        WebhookAttempt.delivery_id,
    )
    sent = EmailMessage.status == EmailStatus.sent
    messages = _delete_batch(session, EmailMessage.id, sent & (EmailMessage.created_at < before))
    unreferenced = ~exists().where(WebhookDelivery.event_id == OutboxEvent.id)
    unreferenced &= ~exists().where(EmailMessage.event_id == OutboxEvent.id)
    unreferenced &= ~exists().where(ScheduledNotice.event_id == OutboxEvent.id)
    events = _delete_batch(
        session, OutboxEvent.seq, (OutboxEvent.dispatched_at < before) & unreferenced
    )
    return {
        "idempotency_keys": keys,
        "webhook_deliveries": deliveries,
        "emails": messages,
        "outbox_events": events,
    }
