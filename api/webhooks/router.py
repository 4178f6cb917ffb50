"""Webhook subscriptions: an integration client registers endpoints for its organisation and
follows their deliveries."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api.auth.dependencies import WebhookManager
from api.config import get_settings
from api.db import DbSession
from api.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    Unauthorized,
    error_responses,
)
from api.http import IfMatch, set_etag
from api.models.enums import DeliveryStatus
from api.pagination import Cursor, Limit, Page
from api.webhooks import service
from api.webhooks.schemas import (
    DeliveryRead,
    WebhookCreate,
    WebhookRead,
    WebhookUpdate,
    WebhookWithSecret,
)

router = APIRouter(prefix="/api/v1/webhooks", tags=["webhooks"])

WebhookId = Annotated[uuid.UUID, Path(description="The webhook subscription's id.")]
DeliveryId = Annotated[uuid.UUID, Path(description="The delivery's id.")]
READ_ERRORS = error_responses(Unauthorized, Forbidden, NotFound)


@router.get(
    "",
    name="webhooks:list",
    summary="List my organisation's webhooks",
    responses=error_responses(Unauthorized, Forbidden, InvalidInput),
)
def list_webhooks(
    principal: WebhookManager, session: DbSession, limit: Limit = 50, cursor: Cursor = None
) -> Page[WebhookRead]:
    """The organisation's subscriptions, newest first."""
    return service.list_subscriptions(session, principal, limit=limit, cursor=cursor)


@router.post(
    "",
    name="webhooks:create",
    summary="Register a webhook",
    status_code=201,
    responses=error_responses(Unauthorized, Forbidden, InvalidInput),
)
def create_webhook(
    principal: WebhookManager, body: WebhookCreate, session: DbSession, response: Response
) -> WebhookWithSecret:
    """Receive the chosen events of cases your organisation may access; the secret is shown
    once. Not idempotent by key: the answer holds a secret, which is never stored in clear."""
    created = service.create(session, principal, body, get_settings())
    response.headers["Location"] = f"{router.prefix}/{created.id}"
    set_etag(response, created.version)
    return created


@router.get("/{webhook_id}", name="webhooks:get", summary="Read a webhook", responses=READ_ERRORS)
def get_webhook(
    principal: WebhookManager, webhook_id: WebhookId, session: DbSession, response: Response
) -> WebhookRead:
    """One subscription (its secret is never shown again)."""
    subscription = service.find(session, principal, webhook_id)
    set_etag(response, subscription.version)
    return WebhookRead.model_validate(subscription)


@router.patch(
    "/{webhook_id}",
    name="webhooks:update",
    summary="Change or pause a webhook",
    responses=error_responses(
        Unauthorized, Forbidden, NotFound, InvalidInput, PreconditionFailed, PreconditionRequired
    ),
)
def update_webhook(
    principal: WebhookManager,
    webhook_id: WebhookId,
    body: WebhookUpdate,
    *,
    session: DbSession,
    response: Response,
    if_match: IfMatch = None,
) -> WebhookRead:
    """Change the URL, the event types or the description, or pause deliveries."""
    subscription = service.find(session, principal, webhook_id)
    service.update(session, subscription, body, if_match, get_settings())
    set_etag(response, subscription.version)
    return WebhookRead.model_validate(subscription)


@router.delete(
    "/{webhook_id}",
    name="webhooks:delete",
    summary="Remove a webhook",
    status_code=204,
    responses=READ_ERRORS,
)
def delete_webhook(
    principal: WebhookManager, webhook_id: WebhookId, session: DbSession
) -> Response:
    """Remove the subscription with its pending deliveries."""
    service.delete(session, service.find(session, principal, webhook_id))
    return Response(status_code=204)


@router.post(
    "/{webhook_id}/rotate-secret",
    name="webhooks:rotate-secret",
    summary="Replace a webhook's signing secret",
    responses=READ_ERRORS,
)
def rotate_secret(
    principal: WebhookManager, webhook_id: WebhookId, session: DbSession, response: Response
) -> WebhookWithSecret:
    """A new signing secret, shown once; the old one stops at once."""
    subscription = service.find(session, principal, webhook_id)
    rotated = service.rotate_secret(session, subscription, get_settings())
    set_etag(response, rotated.version)
    return rotated


@router.get(
    "/{webhook_id}/deliveries",
    name="webhooks:list-deliveries",
    summary="List a webhook's deliveries",
    responses=error_responses(Unauthorized, Forbidden, NotFound, InvalidInput),
)
def list_deliveries(
    principal: WebhookManager,
    webhook_id: WebhookId,
    session: DbSession,
    *,
    status: Annotated[DeliveryStatus | None, Query(description="Only this status.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[DeliveryRead]:
    """Events sent or waiting, newest first, with every attempt and its answer."""
    subscription = service.find(session, principal, webhook_id)
    return service.list_deliveries(session, subscription, status=status, limit=limit, cursor=cursor)


@router.post(
    "/{webhook_id}/deliveries/{delivery_id}/replay",
    name="webhooks:replay-delivery",
    summary="Send a delivery again",
    responses=error_responses(Unauthorized, Forbidden, NotFound, Conflict),
)
def replay_delivery(
    principal: WebhookManager,
    webhook_id: WebhookId,
    delivery_id: DeliveryId,
    session: DbSession,
) -> DeliveryRead:
    """Queue a delivered, dead-lettered or suppressed delivery again (access is rechecked)."""
    subscription = service.find(session, principal, webhook_id)
    delivery = service.replay(session, subscription, delivery_id)
    return service.read_delivery(session, delivery)
