"""Webhook subscription and delivery models."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import ConfigDict, Field, field_validator

from api.models.enums import DeliveryStatus, EventType
from api.schemas import InputSchema, Schema

_EXAMPLE_URL = "https://integration.polisen.example/samverka/webhooks"
_EXAMPLE_READ: dict[str, Any] = {
    "id": "0b6f1c1e-7f57-4c43-9b1e-2f0b3f0f3a11",
    "url": _EXAMPLE_URL,
    "description": "Ärendesystemet, lokalpolisområde Skärholmen",
    "event_types": ["consent.withdrawn", "meeting.scheduled", "plan.published"],
    "is_active": True,
    "created_at": "2026-05-04T09:00:00Z",
    "updated_at": "2026-05-04T09:00:00Z",
    "version": 1,
}
_EXAMPLE_ATTEMPT: dict[str, Any] = {
    "number": 1,
    "attempted_at": "2026-05-04T09:00:01Z",
    "status_code": 503,
    "error": None,
    "duration_ms": 112,
}
_EXAMPLE_DELIVERY: dict[str, Any] = {
    "id": "6d0c4e5a-3a6b-4f1e-9f7e-1b2c3d4e5f60",
    "event_id": "2f1e0d9c-8b7a-4c5d-9e6f-a0b1c2d3e4f5",
    "event_type": "meeting.scheduled",
    "status": "pending",
    "attempts": 1,
    "next_attempt_at": "2026-05-04T09:00:21Z",
    "last_attempt_at": "2026-05-04T09:00:01Z",
    "delivered_at": None,
    "last_status_code": 503,
    "last_error": None,
    "created_at": "2026-05-04T09:00:00Z",
    "attempt_log": [_EXAMPLE_ATTEMPT],
}

EventTypes = Field(
    min_length=1,
    max_length=len(EventType),
    description="The event types to receive; each at most once.",
)


def _unique(values: list[EventType]) -> list[EventType]:
    if len(set(values)) != len(values):
        raise ValueError("each event type may be listed once")
    return values


class WebhookCreate(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "url": _EXAMPLE_URL,
                    "event_types": ["consent.withdrawn", "meeting.scheduled"],
                    "description": "Ärendesystemet, lokalpolisområde Skärholmen",
                }
            ]
        }
    )

    url: str = Field(
        min_length=8,
        max_length=2048,
        description="Where events are POSTed: https (http outside production only).",
    )
    event_types: list[EventType] = EventTypes
    description: str | None = Field(default=None, max_length=200)

    @field_validator("event_types")
    @classmethod
    def _unique_types(cls, values: list[EventType]) -> list[EventType]:
        return _unique(values)


class WebhookUpdate(InputSchema):
    """Change the target, the event types, the description, or pause deliveries."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"event_types": ["consent.withdrawn"], "is_active": True}]}
    )

    url: str | None = Field(default=None, min_length=8, max_length=2048)
    event_types: list[EventType] | None = Field(default=None, min_length=1)
    description: str | None = Field(default=None, max_length=200)
    is_active: bool | None = Field(
        default=None, description="False pauses deliveries; events wait until it is true."
    )

    @field_validator("event_types")
    @classmethod
    def _unique_types(cls, values: list[EventType] | None) -> list[EventType] | None:
        return None if values is None else _unique(values)


class WebhookRead(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE_READ]})

    id: uuid.UUID
    url: str
    description: str | None = None
    event_types: list[EventType]
    is_active: bool
    created_at: datetime
    updated_at: datetime
    version: int


class WebhookWithSecret(WebhookRead):
    """The secret is shown here only: when the subscription is made or its secret rotated."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{**_EXAMPLE_READ, "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}]
        }
    )

    secret: str = Field(
        description="Verify each delivery's `webhook-signature` with it (Standard Webhooks)."
    )


class AttemptRead(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE_ATTEMPT]})

    number: int
    attempted_at: datetime
    status_code: int | None = Field(
        default=None, description="Your endpoint's HTTP status, if it answered."
    )
    error: str | None = Field(
        default=None, description="Why there was no answer: timeout, refused, ..."
    )
    duration_ms: int


class DeliveryRead(Schema):
    """One event sent (or to be sent) to the subscription, with every attempt."""

    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE_DELIVERY]})

    id: uuid.UUID
    event_id: uuid.UUID = Field(description="Sent as `webhook-id`: the same on every retry.")
    event_type: EventType
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime
    last_attempt_at: datetime | None = None
    delivered_at: datetime | None = None
    last_status_code: int | None = None
    last_error: str | None = None
    created_at: datetime
    attempt_log: list[AttemptRead]
