"""Webhook subscriptions of an organisation, managed by its integration clients.

Which subscriptions a caller manages is the access policy's ``own_webhooks_filter``: those
of its organisation; another organisation's answer 404 like a missing one. Subscriptions and
deliveries hold no personal data (ids and event types only), so these reads are not written
to the access log; what a receiver then fetches about a case is.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from api import clock
from api.access.policy import own_webhooks_filter
from api.auth.principal import Principal
from api.config import Settings
from api.errors import Conflict, FieldError, InvalidInput, NotFound
from api.http import require_version
from api.models import OutboxEvent, WebhookAttempt, WebhookDelivery, WebhookSubscription
from api.models.enums import DeliveryStatus, EventType
from api.pagination import Page, keyset_page, next_cursor
from api.webhooks import secrets, targets
from api.webhooks.schemas import (
    AttemptRead,
    DeliveryRead,
    WebhookCreate,
    WebhookRead,
    WebhookUpdate,
    WebhookWithSecret,
)

WEBHOOK_NOT_FOUND = "There is no webhook with that id for your organisation."
DELIVERY_NOT_FOUND = "There is no delivery with that id for this webhook."
REPLAYABLE = (DeliveryStatus.delivered, DeliveryStatus.dead, DeliveryStatus.suppressed)


def _check_target(url: str, settings: Settings) -> None:
    try:
        targets.check_url(url, settings)
    except targets.TargetRefused as refused:
        message = str(refused)
        raise InvalidInput(
            message,
            errors=[FieldError(field="body.url", rule="target_not_allowed", message=message)],
        ) from refused


def with_secret(subscription: WebhookSubscription, secret: str) -> WebhookWithSecret:
    return WebhookWithSecret(**WebhookRead.model_validate(subscription).model_dump(), secret=secret)


def create(
    session: Session, principal: Principal, body: WebhookCreate, settings: Settings
) -> WebhookWithSecret:
    _check_target(body.url, settings)
    secret = secrets.new_secret()
    subscription = WebhookSubscription(
        organization_id=principal.organization_id,
        created_by_client_id=principal.client_id,
        url=body.url,
        description=body.description,
        event_types=[t.value for t in body.event_types],
        secret_ciphertext=secrets.encrypt(secret, settings),
        is_active=True,
    )
    session.add(subscription)
    session.flush()
    return with_secret(subscription, secret)


def list_subscriptions(
    session: Session, principal: Principal, *, limit: int, cursor: str | None
) -> Page[WebhookRead]:
    stmt = select(WebhookSubscription).where(own_webhooks_filter(principal))
    order = (WebhookSubscription.created_at, WebhookSubscription.id)
    rows = session.scalars(keyset_page(stmt, order=order, limit=limit, cursor=cursor)).all()
    return Page(
        items=[WebhookRead.model_validate(row) for row in rows[:limit]],
        next_cursor=next_cursor(rows, limit, lambda r: (r.created_at, r.id)),
    )


def find(session: Session, principal: Principal, webhook_id: uuid.UUID) -> WebhookSubscription:
    found = session.scalar(
        select(WebhookSubscription).where(
            WebhookSubscription.id == webhook_id, own_webhooks_filter(principal)
        )
    )
    if found is None:
        raise NotFound(WEBHOOK_NOT_FOUND)
    return found


def update(
    session: Session,
    subscription: WebhookSubscription,
    body: WebhookUpdate,
    if_match: str | None,
    settings: Settings,
) -> WebhookSubscription:
    require_version(subscription, if_match)
    changes = body.model_dump(exclude_unset=True)
    for field in ("url", "event_types", "is_active"):
        if field in changes and changes[field] is None:
            message = f"{field} cannot be null; leave it out to keep it."
            raise InvalidInput(
                message, errors=[FieldError(field=f"body.{field}", rule="null", message=message)]
            )
    if "url" in changes:
        _check_target(changes["url"], settings)
    if body.event_types is not None:
        changes["event_types"] = [t.value for t in body.event_types]
    for field, value in changes.items():
        setattr(subscription, field, value)
    session.flush()
    return subscription


def rotate_secret(
    session: Session, subscription: WebhookSubscription, settings: Settings
) -> WebhookWithSecret:
    """A new secret at once; deliveries from now on are signed with it only."""
    secret = secrets.new_secret()
    subscription.secret_ciphertext = secrets.encrypt(secret, settings)
    session.flush()
    return with_secret(subscription, secret)


def delete(session: Session, subscription: WebhookSubscription) -> None:
    """Its pending deliveries go with it (ON DELETE CASCADE)."""
    session.delete(subscription)
    session.flush()


def _attempts(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[AttemptRead]]:
    found: dict[uuid.UUID, list[AttemptRead]] = defaultdict(list)
    rows = session.scalars(
        select(WebhookAttempt)
        .where(WebhookAttempt.delivery_id.in_(ids))
        .order_by(WebhookAttempt.number)
    )
    for row in rows:
        found[row.delivery_id].append(AttemptRead.model_validate(row))
    return found


def list_deliveries(
    session: Session,
    subscription: WebhookSubscription,
    *,
    status: DeliveryStatus | None,
    limit: int,
    cursor: str | None,
) -> Page[DeliveryRead]:
    """Newest first, each with its attempts (one query for all of them, not one per row)."""
    stmt = (
        select(WebhookDelivery, OutboxEvent.type)
        .join(OutboxEvent, OutboxEvent.id == WebhookDelivery.event_id)
        .where(WebhookDelivery.subscription_id == subscription.id)
    )
    if status is not None:
        stmt = stmt.where(WebhookDelivery.status == status)
    order = (WebhookDelivery.created_at, WebhookDelivery.id)
    rows = session.execute(keyset_page(stmt, order=order, limit=limit, cursor=cursor)).all()
    shown = rows[:limit]
    attempts = _attempts(session, [delivery.id for delivery, _ in shown])
    items = [
        _delivery_read(delivery, event_type, attempts.get(delivery.id, []))
        for delivery, event_type in shown
    ]
    return Page(
        items=items, next_cursor=next_cursor(rows, limit, lambda r: (r[0].created_at, r[0].id))
    )


def replay(
    session: Session, subscription: WebhookSubscription, delivery_id: uuid.UUID
) -> WebhookDelivery:
    """Send a delivery again: it waits for the worker as new, with a fresh retry budget.

    It goes out before the subscription's later pending events (deliveries leave in their
    original order). Access to the case is checked again when it is sent.
    """
    delivery = session.scalar(
        select(WebhookDelivery).where(
            WebhookDelivery.id == delivery_id,
            WebhookDelivery.subscription_id == subscription.id,
        )
    )
    if delivery is None:
        raise NotFound(DELIVERY_NOT_FOUND)
    if delivery.status not in REPLAYABLE:
        raise Conflict("This delivery is already waiting to be sent.")
    delivery.status = DeliveryStatus.pending
    delivery.attempts = 0
    delivery.next_attempt_at = clock.now()
    session.flush()
    return delivery


def read_delivery(session: Session, delivery: WebhookDelivery) -> DeliveryRead:
    event_type = session.scalar(select(OutboxEvent.type).where(OutboxEvent.id == delivery.event_id))
    attempts = _attempts(session, [delivery.id]).get(delivery.id, [])
    return _delivery_read(delivery, event_type, attempts)


_OWN_FIELDS = tuple(
    name for name in DeliveryRead.model_fields if name not in ("event_type", "attempt_log")
)


def _delivery_read(
    delivery: WebhookDelivery, event_type: EventType | None, attempts: list[AttemptRead]
) -> DeliveryRead:
    fields = {name: getattr(delivery, name) for name in _OWN_FIELDS}
    return DeliveryRead.model_validate(
        {**fields, "event_type": event_type, "attempt_log": attempts}
    )
