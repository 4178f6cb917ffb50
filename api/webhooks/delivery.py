"""The second stage of the worker: send each subscription's deliveries, one at a time, in order.

- **In order per subscription.** A worker leases a subscription (``lease_until``) and sends
  only its oldest pending delivery; a later one waits until that one is delivered or
  dead-lettered. Several workers may run: the lease and ``SKIP LOCKED`` keep them apart.
- **At least once.** The attempt's result is stored after the HTTP call; a worker that dies
  in between leaves the lease to expire, and the delivery is sent again. Receivers drop
  repeats by ``webhook-id``, which is the event's id on every attempt.
- **No transaction is held open during the HTTP call**: on SQLite it would stop the API's
  writes for as long as a slow receiver takes.
- Signed with the Standard Webhooks scheme (``standardwebhooks``): ``webhook-id``,
  ``webhook-timestamp``, ``webhook-signature``. Redirects are not followed (a redirect could
  lead to an address the target check refused), and only a 2xx answer counts.
- Access is checked again before each attempt: an organisation that no longer reaches the
  case gets nothing (``suppressed``), except the notice that it lost access.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
import structlog
from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session, sessionmaker
from standardwebhooks.webhooks import Webhook

from api import clock, retry
from api.access.policy import organizations_reaching_case
from api.config import Settings
from api.models import (
    CaseMember,
    OutboxEvent,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)
from api.models.enums import DeliveryStatus
from api.webhooks import secrets, targets

log = structlog.get_logger(__name__)
USER_AGENT = "Samverka-Webhooks/1"


@dataclass(frozen=True, slots=True)
class Outgoing:
    """What one attempt sends, read in a short transaction before the HTTP call."""

    delivery_id: uuid.UUID
    attempt: int
    url: str
    secret: str
    message_id: str
    body: str


@dataclass(frozen=True, slots=True)
class Answer:
    status_code: int | None
    error: str | None
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def backoff(attempts: int, settings: Settings) -> timedelta:
    """The wait before the next attempt, from the settings (api/retry.py)."""
    return retry.backoff(
        attempts,
        base_seconds=settings.webhook_backoff_base_seconds,
        cap_seconds=settings.webhook_backoff_max_seconds,
    )


def payload(event: OutboxEvent, *, access_lost: bool) -> str:
    """The body: the event's type, instant and ids, never personal data. The receiver fetches
    the case with its own token, so the consent rules decide what it then sees."""
    data: dict[str, Any] = {
        **event.data,
        "event_id": str(event.id),
        "case_id": str(event.case_id),
        "subject_type": event.subject_type,
        "subject_id": str(event.subject_id),
    }
    if access_lost:
        data["access_lost"] = True
    document = {"type": event.type.value, "timestamp": event.occurred_at.isoformat(), "data": data}
    return json.dumps(document, separators=(",", ":"), sort_keys=True)


def _lease(session: Session, subscription_id: uuid.UUID, until: datetime | None) -> None:
    # A Core UPDATE: the lease is the worker's bookkeeping, not a change of the subscription,
    # so its version (the client's ETag) and updated_at stay as they are.
    session.execute(
        update(WebhookSubscription)
        .where(WebhookSubscription.id == subscription_id)
        .values(lease_until=until, updated_at=WebhookSubscription.updated_at)
    )


def _head(subscription_id: uuid.UUID) -> Any:
    """The subscription's oldest pending delivery: the only one that may be sent."""
    return (
        select(WebhookDelivery)
        .where(
            WebhookDelivery.subscription_id == subscription_id,
            WebhookDelivery.status == DeliveryStatus.pending,
        )
        .order_by(WebhookDelivery.seq)
        .limit(1)
    )


def claim(
    sessions: sessionmaker[Session], settings: Settings, now: datetime, limit: int
) -> list[uuid.UUID]:
    """Lease up to ``limit`` active subscriptions whose oldest pending delivery is due."""
    head_seq = (
        select(WebhookDelivery.seq)
        .where(
            WebhookDelivery.subscription_id == WebhookSubscription.id,
            WebhookDelivery.status == DeliveryStatus.pending,
        )
        .order_by(WebhookDelivery.seq)
        .limit(1)
        .correlate(WebhookSubscription)
        .scalar_subquery()
    )
    due = exists().where(WebhookDelivery.seq == head_seq, WebhookDelivery.next_attempt_at <= now)
    free = (WebhookSubscription.lease_until.is_(None)) | (WebhookSubscription.lease_until < now)
    with sessions() as session, session.begin():
        ids = list(
            session.scalars(
                select(WebhookSubscription.id)
                .where(WebhookSubscription.is_active.is_(True), free, due)
                .order_by(WebhookSubscription.lease_until.nulls_first(), WebhookSubscription.id)
                .limit(limit)
                .with_for_update(skip_locked=True, of=WebhookSubscription)
            )
        )
        for subscription_id in ids:
            _lease(session, subscription_id, now + _lease_length(settings))
    return ids


def _lease_length(settings: Settings) -> timedelta:
    """Longer than one attempt and the storing of its result. A lease that runs out early
    only risks sending the same (head) delivery twice, never one out of order."""
    return timedelta(seconds=2 * settings.webhook_timeout_seconds + 1)


def _still_reaches(session: Session, event: OutboxEvent, organization_id: uuid.UUID) -> bool:
    category = event.data.get("category_code")
    reaching = organizations_reaching_case(event.case_id, clock.today(), category).where(
        CaseMember.organization_id == organization_id
    )
    return bool(session.scalar(select(exists(reaching))))


def _next_outgoing(
    sessions: sessionmaker[Session], settings: Settings, subscription_id: uuid.UUID
) -> Outgoing | None:
    """The head delivery if it is due and may still be sent; suppressed ones are skipped."""
    with sessions() as session, session.begin():
        while True:
            delivery = session.scalar(_head(subscription_id))
            if delivery is None or delivery.next_attempt_at > clock.now():
                return None
            subscription = session.get_one(WebhookSubscription, subscription_id)
            event = session.scalars(
                select(OutboxEvent).where(OutboxEvent.id == delivery.event_id)
            ).one()
            lost = delivery.informs_lost_access
            if lost or _still_reaches(session, event, subscription.organization_id):
                _lease(session, subscription_id, clock.now() + _lease_length(settings))
                return Outgoing(
                    delivery_id=delivery.id,
                    attempt=delivery.attempts + 1,
                    url=subscription.url,
                    secret=secrets.decrypt(subscription.secret_ciphertext, settings),
                    message_id=str(event.id),
                    body=payload(event, access_lost=lost),
                )
            delivery.status = DeliveryStatus.suppressed
            session.flush()


def send(client: targets.WebhookClient, outgoing: Outgoing, settings: Settings) -> Answer:
    """One signed POST; any failure becomes an ``Answer`` with a short reason, no content."""
    started = time.monotonic()
    timestamp = clock.now()
    signature = Webhook(outgoing.secret).sign(outgoing.message_id, timestamp, outgoing.body)
    headers = {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": outgoing.message_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": signature,
    }
    try:
        targets.check_url(outgoing.url, settings)  # the client's transport checks the address
        response = client.post(
            outgoing.url,
            content=outgoing.body.encode(),
            headers=headers,
            timeout=settings.webhook_timeout_seconds,
            follow_redirects=False,
        )
        status, error = response.status_code, None
    except targets.TargetRefused:
        status, error = None, "target address not allowed"
    except httpx.HTTPError as failure:
        status, error = None, type(failure).__name__
    return Answer(status, error, int((time.monotonic() - started) * 1000))


def record(
    sessions: sessionmaker[Session], settings: Settings, outgoing: Outgoing, answer: Answer
) -> DeliveryStatus | None:
    """Store the attempt; the delivery is delivered, retried later, or dead-lettered. None:
    the delivery was removed, or replayed meanwhile, so this attempt's result is moot."""
    now = clock.now()
    with sessions() as session, session.begin():
        delivery = session.scalars(
            select(WebhookDelivery).where(WebhookDelivery.id == outgoing.delivery_id)
        ).one_or_none()
        if delivery is None or delivery.attempts != outgoing.attempt - 1:
            return None
        session.add(
            WebhookAttempt(
                delivery_id=delivery.id,
                number=outgoing.attempt,
                attempted_at=now,
                status_code=answer.status_code,
                error=answer.error,
                duration_ms=answer.duration_ms,
            )
        )
        delivery.attempts = outgoing.attempt
        delivery.last_attempt_at = now
        delivery.last_status_code, delivery.last_error = answer.status_code, answer.error
        if answer.ok:
            delivery.status, delivery.delivered_at = DeliveryStatus.delivered, now
        elif delivery.attempts >= settings.webhook_max_attempts:
            delivery.status = DeliveryStatus.dead
        else:
            delivery.next_attempt_at = now + backoff(delivery.attempts, settings)
        return delivery.status


def drain(
    sessions: sessionmaker[Session],
    settings: Settings,
    client: targets.WebhookClient,
    subscription_id: uuid.UUID,
    *,
    limit: int,
) -> int:
    """Send a leased subscription's due deliveries in order; stop at the first failure (the
    next must wait for it). Returns how many were delivered."""
    delivered = 0
    for _ in range(limit):
        outgoing = _next_outgoing(sessions, settings, subscription_id)
        if outgoing is None:
            break
        answer = send(client, outgoing, settings)
        status = record(sessions, settings, outgoing, answer)
        if status is None:
            break
        log.info(
            "webhook.attempt",
            delivery_id=str(outgoing.delivery_id),
            attempt=outgoing.attempt,
            status_code=answer.status_code,
            error=answer.error,
            outcome=status.value,
        )
        if status is DeliveryStatus.delivered:
            delivered += 1
        elif status is DeliveryStatus.pending:
            break
    return delivered


def deliver_due(
    sessions: sessionmaker[Session],
    settings: Settings,
    client: targets.WebhookClient,
    *,
    subscriptions: int = 20,
    per_subscription: int = 50,
) -> int:
    """One round: lease due subscriptions, drain each, release the leases."""
    delivered = 0
    for subscription_id in claim(sessions, settings, clock.now(), subscriptions):
        try:
            delivered += drain(sessions, settings, client, subscription_id, limit=per_subscription)
        finally:
            with sessions() as session, session.begin():
                _lease(session, subscription_id, None)
    return delivered
