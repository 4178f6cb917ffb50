"""The first stage of the worker: fan new outbox events out to the subscriptions that want them.

An event's organisations were fixed when it happened (api/events/outbox.py); every
subscription of those organisations that asked for the event type gets one delivery. A
paused subscription gets it too, and receives it when it is resumed. The fan-out, the
optional e-mail notices and the mark "dispatched" are one transaction, so an event is
dispatched exactly once even if the worker dies half-way; on PostgreSQL ``SKIP LOCKED`` lets
several workers share the work.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api import clock
from api.models import OutboxEvent, WebhookDelivery, WebhookSubscription

EventConsumer = Callable[[Session, OutboxEvent], object]  # e.g. queueing notification e-mail


def _subscriptions_by_org(
    session: Session, events: list[OutboxEvent]
) -> dict[str, list[WebhookSubscription]]:
    orgs = {
        uuid.UUID(org)
        for e in events
        for org in (*e.reaching_organization_ids, *e.lost_organization_ids)
    }
    found: dict[str, list[WebhookSubscription]] = defaultdict(list)
    if orgs:
        rows = session.scalars(
            select(WebhookSubscription).where(WebhookSubscription.organization_id.in_(orgs))
        )
        for subscription in rows:
            found[str(subscription.organization_id)].append(subscription)
    return found


def _fan_out(
    session: Session,
    event: OutboxEvent,
    subscriptions: dict[str, list[WebhookSubscription]],
    now: datetime,
) -> int:
    lost = set(event.lost_organization_ids)
    made = 0
    for org in sorted({*event.reaching_organization_ids, *lost}):
        for subscription in subscriptions.get(org, []):
            if event.type.value not in subscription.event_types:
                continue
            session.add(
                WebhookDelivery(
                    subscription_id=subscription.id,
                    event_id=event.id,
                    informs_lost_access=org in lost,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
            made += 1
    return made


def dispatch_pending(
    sessions: sessionmaker[Session],
    *,
    consumers: tuple[EventConsumer, ...] = (),
    limit: int = 200,
    now: datetime | None = None,
) -> int:
    """Dispatch up to ``limit`` new events in their order; returns how many."""
    now = now or clock.now()
    with sessions() as session, session.begin():
        events = list(
            session.scalars(
                select(OutboxEvent)
                .where(OutboxEvent.dispatched_at.is_(None))
                .order_by(OutboxEvent.seq)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )
        subscriptions = _subscriptions_by_org(session, events)
        for event in events:
            _fan_out(session, event, subscriptions, now)
            session.flush()  # deliveries take their order (seq) event by event
            for consume in consumers:
                consume(session, event)
            event.dispatched_at = now
    return len(events)
