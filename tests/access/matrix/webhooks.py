"""Webhook subscriptions (issue #6): only integration clients with ``webhooks:manage`` (the
police system of the world) manage their organisation's; every other role lacks the scope."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session, object_session

from api.models import OutboxEvent, WebhookDelivery, WebhookSubscription
from api.models.enums import DeliveryStatus, EventType
from tests.access.matrix.model import Operation
from tests.world import World

BASE = "/api/v1/webhooks"
ONE = BASE + "/{webhook_id}"
INTEGRATION = frozenset({"integration"})


def _session(world: World) -> Session:
    session = object_session(world.police)
    assert session is not None
    return session


def _subscription(world: World) -> WebhookSubscription:
    subscription = WebhookSubscription(
        organization_id=world.police.id,
        url="https://integration.polisen.example/hook",
        event_types=[EventType.meeting_scheduled.value],
        secret_ciphertext="not-used-here",
    )
    session = _session(world)
    session.add(subscription)
    session.flush()
    return subscription


def _webhook_id(world: World, _situation: str) -> dict[str, str]:
    return {"webhook_id": str(_subscription(world).id)}


def _dead_delivery(world: World, _situation: str) -> dict[str, str]:
    subscription, case = _subscription(world), world.cases["consented"]
    session = _session(world)
    event = OutboxEvent(
        type=EventType.meeting_scheduled,
        case_id=case.id,
        subject_type="case",
        subject_id=case.id,
        dispatched_at=datetime.now(UTC),
    )
    session.add(event)
    session.flush()
    dead = WebhookDelivery(
        subscription_id=subscription.id, event_id=event.id, status=DeliveryStatus.dead
    )
    session.add(dead)
    session.flush()
    return {"webhook_id": str(subscription.id), "delivery_id": str(dead.id)}


OPERATIONS = [
    Operation("webhooks:list", "GET", BASE, INTEGRATION),
    Operation(
        "webhooks:create",
        "POST",
        BASE,
        INTEGRATION,
        success=frozenset({201}),
        body=lambda w, s: {
            "url": "https://integration.polisen.example/hook",
            "event_types": ["consent.withdrawn"],
        },
    ),
    Operation("webhooks:get", "GET", ONE, INTEGRATION, path_params=_webhook_id),
    Operation(
        "webhooks:update",
        "PATCH",
        ONE,
        INTEGRATION,
        path_params=_webhook_id,
        body=lambda w, s: {"description": "Ärendesystemet"},
        headers=lambda w, s: {"If-Match": '"v1"'},
    ),
    Operation(
        "webhooks:delete",
        "DELETE",
        ONE,
        INTEGRATION,
        success=frozenset({204}),
        path_params=_webhook_id,
    ),
    Operation(
        "webhooks:rotate-secret",
        "POST",
        ONE + "/rotate-secret",
        INTEGRATION,
        path_params=_webhook_id,
    ),
    Operation(
        "webhooks:list-deliveries", "GET", ONE + "/deliveries", INTEGRATION, path_params=_webhook_id
    ),
    Operation(
        "webhooks:replay-delivery",
        "POST",
        ONE + "/deliveries/{delivery_id}/replay",
        INTEGRATION,
        path_params=_dead_delivery,
    ),
]
